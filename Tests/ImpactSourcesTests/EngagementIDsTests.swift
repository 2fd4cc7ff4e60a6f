import Foundation
import ImpactCore
import Testing

@testable import ImpactSources

/// Engagement ids are kept in 16-byte slots: up to 15 bytes inside, longer ones in their part's text.
@Suite struct EngagementIDsTests {
    /// Ids of every length around the 15 bytes a slot holds, beyond ASCII too, and none: each read back as
    /// given.
    @Test func everyIdIsReadBackAsGiven() {
        var ids: [Identifier?] = [nil, Identifier("")]
        for length in 1...40 { ids.append(Identifier(String(repeating: "x", count: length - 1) + "\(length % 10)")) }
        // 14, 16 and 17 bytes of two-byte characters, an emoji across the boundary.
        ids += ["ééééééé", "éééééééé", "éééééééé1", "abcdefghijklm😀", "abcdefghijkl😀"].map { Identifier($0) }
        ids.append(nil)
        let kept = EngagementIDs(ids)
        #expect(kept.count == ids.count)
        for (position, id) in ids.enumerated() { #expect(kept[position] == id, "position \(position)") }
        #expect(MemoryLayout<EngagementIDs.Slot>.size == 16)
    }

    /// Ids of megabytes first in a part of many short ones (a column of notes mapped to engagement_id by
    /// mistake, say): each kept whole, and the room a part reserves at its first long id (for as many
    /// of its length as records are left) stays bounded — unbounded, 4 MB times twelve thousand records
    /// was 56 GB asked of the system, and the process stopped.
    @Test func idsOfMegabytesAreKeptWhole() throws {
        let huge = String(repeating: "n", count: 4 << 20)
        var text = "engagement_id,org_id,partner_id,kind,started_on,ended_on,value,currency\n"
        let records = 200_000
        func id(_ index: Int) -> String { index % 50_000 == 0 ? "\(huge)\(index)" : "e\(index)" }
        for index in 0..<records { text += "\(id(index)),acme,uni,event,2026-01-10,,\(index),\n" }
        var log = DiagnosticLog()
        let tables = EngagementTables.with(Array(text.utf8), log: &log)
        let loader = CanonicalLoader(options: LoadOptions(calendar: .calendarYear, currency: .euro))
        let dataset = try #require(loader.load(tables, log: &log))
        let engagements = dataset.engagements(of: "acme")
        #expect(engagements.count == records)
        var wrong = 0
        for engagement in engagements where engagement.id?.rawValue != id(Int(engagement.value.description)!) {
            wrong += 1
        }
        #expect(wrong == 0)
    }

    /// An engagements file of several parts typed on every core, with ids short, at the boundary, long
    /// (UUID-like) and missing, a few lines beyond ASCII (typed by the general reader) and a long id
    /// repeated parts apart: the repeat is reported at its rows; without it, every engagement of the
    /// dataset has its own row's id (its value is its record's number, which its id names), after the
    /// dataset ordered them by organisation and day.
    @Test func longIdsStayWithTheirEngagements() throws {
        func id(_ index: Int) -> String? {
            switch index % 5 {
            case 0: return "e\(index)"
            case 1: return String(format: "%08x-0000-4000-8000-%012x", index, index * 7919)
            case 2: return String(format: "b%014d", index)  // 15 bytes
            case 3: return String(format: "c%015d", index)  // 16 bytes
            default: return index % 10 == 4 ? nil : "ü-long-id-beyond-ascii-\(index)"
            }
        }
        func file(repeating: Bool) -> [UInt8] {
            var bytes = Array("engagement_id,org_id,partner_id,kind,started_on,ended_on,value,currency\n".utf8)
            for index in 0..<300_000 {
                let text = repeating && index == 250_001 ? id(1)! : (id(index) ?? "")
                bytes += Array(
                    "\(text),\(index % 3 == 0 ? "acme" : "bolt"),uni,event,2026-01-\(10 + index % 19),,\(index),\n"
                        .utf8)
            }
            return bytes
        }
        func load(_ engagements: [UInt8]) -> (Dataset?, DiagnosticLog) {
            var log = DiagnosticLog()
            let tables = EngagementTables.with(engagements, log: &log)
            let loader = CanonicalLoader(options: LoadOptions(calendar: .calendarYear, currency: .euro))
            return (loader.load(tables, log: &log), log)
        }

        let (repeated, repeatedLog) = load(file(repeating: true))
        #expect(repeated == nil)
        #expect(
            repeatedLog.errors.map(\.description) == [
                "engagements.csv:250003: column 'engagement_id': '\(id(1)!)' appears again (first at row 3)"
            ])

        let (loaded, log) = load(file(repeating: false))
        #expect(!log.hasErrors)
        let dataset = try #require(loaded)
        var seen = 0
        for organization in ["acme", "bolt"] {
            for engagement in dataset.engagements(of: Identifier(organization)) {
                let index = Int(engagement.value.description)!
                #expect(engagement.id == id(index).map { Identifier($0) }, "record \(index)")
                seen += 1
            }
        }
        #expect(seen == 300_000)
    }
}
