import Foundation
import ImpactCore

/// Generation times as results and reports write them: UTC, whole seconds, `YYYY-MM-DDTHH:MM:SSZ`.
public enum Timestamp {
    /// What `parse` reads, for messages about a value it refused.
    public static let accepted =
        "an RFC 3339 time such as 2026-10-05T09:00:00Z or 2026-10-05T11:00:00+02:00, or a day YYYY-MM-DD"

    /// The canonical text of a moment.
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let day = CalendarDate(dayNumber: days).components
        func pad(_ value: Int, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(day.year, 4))-\(pad(day.month))-\(pad(day.day))T\(pad(secondOfDay / 3600)):"
            + "\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))Z"
    }

    /// Parses an RFC 3339 date-time, `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (`T` and `Z` in either
    /// case), or a date `YYYY-MM-DD` (midnight UTC). nil for anything else, and for a day, hour, minute,
    /// second or offset out of range.
    ///
    /// Read by hand rather than with `ISO8601DateFormatter`: that formatter builds an ICU calendar per
    /// instance (a few milliseconds, a tenth of an SMB report's time), and it silently alters what it
    /// cannot read exactly — 2026-02-30 became 2 March, 24:00 the next day, `12026-…` the year 2026 and an
    /// offset of +24:00 one of +02:00.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 10, let day = CalendarDate(isoUTF8: UnsafeBufferPointer(rebasing: bytes[0..<10]))
        else { return nil }
        if bytes.count == 10 { return Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400) }
        // THH:MM:SS
        guard bytes.count >= 20, bytes[10] | 0x20 == UInt8(ascii: "t"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), let hour = number(bytes, 11), hour < 24,
            let minute = number(bytes, 14), minute < 60, let second = number(bytes, 17), second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let first = index
            while index < bytes.count, let digit = digit(bytes[index]) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > first else { return nil }
        }
        // Z or ±HH:MM
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.count == index + 6, bytes[index + 3] == UInt8(ascii: ":"),
                let hours = number(bytes, index + 1), hours < 24, let minutes = number(bytes, index + 4), minutes < 60
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let seconds = day.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Two decimal digits at `index`.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        guard let tens = digit(bytes[index]), let ones = digit(bytes[index + 1]) else { return nil }
        return tens * 10 + ones
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
