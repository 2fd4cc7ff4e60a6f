import Foundation
import ImpactCore
import Testing

@testable import ImpactSources

/// The engagements reader's table of ids against a dictionary: every id at its position, byte for byte.
@Suite struct IdentifierTableTests {
    @Test(arguments: [0, 1, 7, 1_000, 20_000])
    func findsEveryIdAtItsPositionAndNothingElse(count: Int) {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = "abcxyz019-_ ".map(String.init) + ["é", "e\u{301}", "ß", "😀"]
        func randomID() -> Identifier {
            // Shared prefixes, and lengths on both sides of the 8 and 16 bytes a slot holds.
            let prefix = ["", "org-", "org-0000", "partner-000000"].randomElement(using: &generator)!
            let length = Int.random(in: 0...12, using: &generator)
            var text = prefix
            for _ in 0..<length { text.append(alphabet.randomElement(using: &generator)!) }
            return Identifier(text)
        }
        var ids = Set<Identifier>()
        while ids.count < count { ids.insert(randomID()) }
        let sorted = ids.sorted()
        let table = IdentifierTable(sorted)
        for (position, id) in sorted.enumerated() {
            #expect(table.position(of: id) == Int32(position), "\(id)")
            var text = id.rawValue
            #expect(text.withUTF8 { table.position(of: $0) } == Int32(position))
        }
        let expected = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
        for _ in 0..<2_000 {
            let probe = randomID()
            #expect(table.position(of: probe) == expected[probe], "\(probe)")
            // A hint (right, wrong, out of range or none) never changes the answer.
            var text = probe.rawValue
            let hints: [Int32] =
                [-1, Int32(count), Int32.random(in: 0...Int32(max(count, 1)), using: &generator)]
                + (expected[probe].map { [$0] } ?? [])
            for hint in hints {
                #expect(text.withUTF8 { table.position(of: $0, hint: hint) } == expected[probe], "\(probe) \(hint)")
            }
            // The hash the prefetch made finds the same; a wrong hash finds the id or nothing, never another.
            let made = text.withUTF8 { table.prefetch($0) }
            #expect(made == IdentifierTable.hash(probe))
            #expect(text.withUTF8 { table.position(of: $0, hint: -1, hash: made) } == expected[probe])
            let wrong = text.withUTF8 { table.position(of: $0, hint: -1, hash: made &+ Int.random(in: 1...64)) }
            #expect(wrong == nil || wrong == expected[probe], "\(probe)")
        }
        // Canonically equivalent but other bytes, or empty: not found.
        let accents = IdentifierTable(["é"])
        #expect(accents.position(of: "é") == 0)
        #expect(accents.position(of: "e\u{301}") == nil)
        #expect(accents.position(of: "") == nil)
    }
}

/// The overlapping loads that read an id's last bytes give those bytes, in order, and nothing else.
@Suite struct PartialWordTests {
    @Test func theWordOfTheFirstBytesIsThoseBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for count in 0...7 {
                var expected: UInt64 = 0
                for index in 0..<count { expected |= UInt64(bytes[index]) << (8 * UInt64(index)) }
                // Only `count` bytes are in the buffer read.
                let word = Array(bytes[0..<count]).withUnsafeBytes {
                    IdentifierTable.word($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count: count)
                }
                #expect(word == expected, "\(bytes.prefix(count))")
            }
        }
    }
}

/// Ids longer than the 16 bytes a slot holds, alike in those 16 bytes and in length, differing only
/// after them: a small table (short probe chains pass every kind of slot), none of the others found.
@Suite struct LongIdentifierTests {
    @Test func idsAlikeInTheirFirstSixteenBytesAreToldApart() {
        let ids = (100..<108).map { Identifier("abcdefghijklmnop-\($0)") }
        let table = IdentifierTable(ids)
        for (position, id) in ids.enumerated() { #expect(table.position(of: id) == Int32(position)) }
        for number in 108..<1_000 { #expect(table.position(of: Identifier("abcdefghijklmnop-\(number)")) == nil) }
    }
}

/// Ids that count up, as exports number them, spread over the table: a lookup reads few slots (at
/// half load, linear probing averages about 1.3 with a well-mixed hash; a hash whose low bits followed
/// the ids' last digits made runs, and 50,000 partner ids averaged four).
@Suite struct IdentifierSpreadTests {
    @Test(arguments: ["p-%05d", "org-%05d", "e-%08d", "PARTNER_%d", "%d", "customer-0000000000%06d"])
    func countingIdsNeedFewProbes(format: String) {
        let ids = (1...50_000).map { Identifier(String(format: format, $0)) }
        let table = IdentifierTable(ids.sorted())
        #expect(table.meanProbes < 1.5, "\(format): \(table.meanProbes)")
    }
}

/// The repeated-id check's set of hashes against `Set<Int>`: a hash seen before is always reported, so
/// no repeated id is missed (0 and 1 share a slot; that may only add a candidate).
@Suite struct SeenHashesTests {
    @Test func reportsEveryHashSeenBefore() {
        var generator = SystemRandomNumberGenerator()
        let values = (0..<50_000).map { _ in Int.random(in: -40_000...40_000, using: &generator) } + [0, 0, 1, 1]
        var seen = SeenHashes(capacity: values.count)
        var reference = Set<Int>()
        for value in values {
            let new = seen.insert(value)
            let expected = reference.insert(value).inserted
            if !expected { #expect(!new, "\(value) was seen before") }
            if new { #expect(expected) }
        }
        #expect(!seen.insert(0) && !seen.insert(1))
    }
}
