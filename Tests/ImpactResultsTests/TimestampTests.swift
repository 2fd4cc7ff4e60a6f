import Foundation
import ImpactResults
import Testing

@Suite struct TimestampTests {
    @Test func timestampsAreUTCWholeSeconds() throws {
        #expect(Timestamp.format(try #require(Timestamp.parse("2026-10-05T11:00:00+02:00"))) == "2026-10-05T09:00:00Z")
        #expect(Timestamp.format(try #require(Timestamp.parse("2026-10-05T09:00:00.750Z"))) == "2026-10-05T09:00:00Z")
        #expect(Timestamp.format(try #require(Timestamp.parse("2024-02-29"))) == "2024-02-29T00:00:00Z")
        #expect(Timestamp.format(try #require(Timestamp.parse("1969-12-31T23:59:59.5Z"))) == "1969-12-31T23:59:59Z")
        #expect(Timestamp.format(try #require(Timestamp.parse("2026-01-01t00:30:00z"))) == "2026-01-01T00:30:00Z")
        #expect(Timestamp.format(try #require(Timestamp.parse("2026-01-01T00:30:00-01:45"))) == "2026-01-01T02:15:00Z")
    }

    /// What ISO8601DateFormatter read by changing it (Feb 30 → 2 March, 24:00 → the next day, a fifth
    /// year digit dropped, +24:00 read as +02:00) or ignoring it (spaces, a zone name) is refused.
    @Test(arguments: [
        "yesterday", "", "2026-13-01T00:00:00Z", "2026-02-30", "2026-02-30T00:00:00Z", "2025-02-29", "0000-01-01",
        "2026-1-01T00:00:00Z", "2026-10-01T24:00:00Z", "2026-10-01T23:60:00Z", "2026-10-01T23:59:60Z",
        "12026-10-01T00:00:00Z", " 2026-10-01T00:00:00Z", "2026-10-01T00:00:00Z ", "2026-10-01T00:00:00",
        "2026-10-01T00:00Z", "2026-10-01 00:00:00Z", "2026-10-01T00:00:00.Z", "2026-10-01T00:00:00,5Z",
        "2026-10-01T00:00:00+0200", "2026-10-01T00:00:00+02", "2026-10-01T00:00:00+24:00",
        "2026-10-01T00:00:00+02:60", "2026-10-01T00:00:00GMT", "20261001T000000Z", "2026-W40-1", "2026-274",
        "２０２６-10-01",
    ])
    func refusesWhatIsNotExactlyRFC3339(text: String) {
        #expect(Timestamp.parse(text) == nil, "\(text.debugDescription)")
    }

    /// Every well-formed time reads as Foundation's formatter reads it, from 1583 (before the Gregorian
    /// reform of 1582 ICU counts Julian days; the project's calendar is proleptic Gregorian throughout).
    @Test func agreesWithFoundationOnWellFormedTimes() throws {
        var generator = SystemRandomNumberGenerator()
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        func pad(_ value: Int, _ width: Int = 2) -> String {
            String(repeating: "0", count: width - String(value).count) + String(value)
        }
        for _ in 0..<2_000 {
            let year = Int.random(in: 1583...9999, using: &generator)
            let month = Int.random(in: 1...12, using: &generator)
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            let date = "\(pad(year, 4))-\(pad(month))-\(pad(Int.random(in: 1...days, using: &generator)))"
            let time =
                "T\(pad(Int.random(in: 0...23, using: &generator))):\(pad(Int.random(in: 0...59, using: &generator)))"
                + ":\(pad(Int.random(in: 0...59, using: &generator)))"
            let fraction =
                Bool.random(using: &generator) ? ".\(pad(Int.random(in: 0...999, using: &generator), 3))" : ""
            let zone =
                Bool.random(using: &generator)
                ? "Z"
                : "\(Bool.random(using: &generator) ? "+" : "-")\(pad(Int.random(in: 0...23, using: &generator)))"
                    + ":\(pad(Int.random(in: 0...59, using: &generator)))"
            let text = date + time + fraction + zone
            let expected = try #require((fraction.isEmpty ? plain : fractional).date(from: text), "\(text)")
            let parsed = try #require(Timestamp.parse(text), "\(text)")
            #expect(abs(parsed.timeIntervalSince1970 - expected.timeIntervalSince1970) < 1e-6, "\(text)")
            #expect(Timestamp.parse(date) == dateOnly.date(from: date), "\(date)")
        }
    }

    /// A canonical text reads back to itself, in every year the calendar has.
    @Test func canonicalTextsRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Int64.random(in: -62_135_596_800...253_402_300_799, using: &generator)
            let text = Timestamp.format(Date(timeIntervalSince1970: Double(seconds)))
            let parsed = try #require(Timestamp.parse(text), "\(text)")
            #expect(Int64(parsed.timeIntervalSince1970) == seconds, "\(text)")
            #expect(Timestamp.format(parsed) == text)
        }
    }
}
