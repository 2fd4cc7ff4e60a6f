import ImpactCore
import Testing

@testable import ImpactSources

/// Engagements typed into windows of one array's storage are the ones put in, ids on the heap included;
/// closing the gaps between windows keeps their order, and the windows never release what they held.
@Suite struct EngagementBufferTests {
    static let long = String(repeating: "a long organisation id ", count: 3)

    static func engagement(_ index: Int) -> Engagement {
        Engagement(
            id: Identifier("engagement \(index) \(long)"), organization: Identifier(long + "\(index % 7)"),
            partner: Identifier("p\(index)"), kind: .license, startedOn: CalendarDate(dayNumber: index),
            value: ExactDecimal(micros: Int128(index)))
    }

    @Test(arguments: [[100], [40, 60], [30, 0, 25, 45]])
    func windowsFilledInPartsMakeOneArray(capacities: [Int]) {
        // Each window is filled short of its capacity by a few (rows that gave no engagement), except the
        // last, so that every window but the first moves down, with its positions.
        var appended: [Engagement] = []
        var appendedPositions: [(Int32, Int32)] = []
        var built: [Engagement] = []
        let total = capacities.reduce(0, +)
        var organizations: [Int32] = []
        var partners: [Int32] = []
        do {
            built = [Engagement](unsafeUninitializedCapacity: total) { storage, initialized in
                organizations = [Int32](unsafeUninitializedCapacity: total) { organizationStorage, organizationCount in
                    partners = [Int32](unsafeUninitializedCapacity: total) { partnerStorage, partnerCount in
                        let base = EngagementBuffer.Storage(
                            engagements: storage.baseAddress!, organizations: organizationStorage.baseAddress!,
                            partners: partnerStorage.baseAddress!)
                        var offset = 0
                        var windows: [EngagementBuffer] = []
                        for (index, capacity) in capacities.enumerated() {
                            let window = EngagementBuffer(base: base.advanced(by: offset), capacity: capacity)
                            #expect(window.lastOrganization == -1)
                            let filled = index == capacities.count - 1 ? capacity : max(0, capacity - 3)
                            for _ in 0..<filled {
                                let engagement = Self.engagement(appended.count)
                                let positions = (Int32(appended.count % 7), Int32(1_000 + appended.count))
                                window.append(engagement, organization: positions.0, partner: positions.1)
                                #expect(window.lastOrganization == positions.0)
                                appended.append(engagement)
                                appendedPositions.append(positions)
                            }
                            windows.append(window)
                            offset += capacity
                        }
                        windows[0].setValue(ExactDecimal(micros: 42), at: 3)
                        appended[3].value = ExactDecimal(micros: 42)
                        #expect(windows.flatMap { Array($0) } == appended)
                        let positions = windows.flatMap { window in window.indices.map { window.positions(at: $0) } }
                        #expect(positions.map(\.organization) == appendedPositions.map(\.0))
                        #expect(positions.map(\.partner) == appendedPositions.map(\.1))
                        for window in windows {
                            initialized += window.moveAll(to: base.advanced(by: initialized))
                            #expect(window.isEmpty)
                        }
                        partnerCount = initialized
                    }
                    organizationCount = initialized
                }
            }
        }
        // The windows are gone; the arrays hold every engagement and its positions, in order, with its texts.
        #expect(built == appended)
        #expect(organizations == appendedPositions.map(\.0))
        #expect(partners == appendedPositions.map(\.1))
        #expect(built.map(\.organization.rawValue).allSatisfy { $0.hasPrefix(Self.long) })
    }
}

/// The repeated-id check's candidates over parts large enough to be split into many shards: exactly the
/// hashes of the ids that occur more than once (within a part or across parts), as a plain count finds.
@Suite struct RepeatedIdentifierTests {
    @Test func repeatedHashesAreThoseOfTheRepeatedIDs() {
        var generator = SystemRandomNumberGenerator()
        let sizes = [70_000, 0, 90_000, 45_000]
        let ids = sizes.map { size in
            (0..<size).map { _ in Identifier("e-\(Int.random(in: 0..<300_000, using: &generator))") }
        }
        var seen: [Identifier: Int] = [:]
        for id in ids.joined() { seen[id, default: 0] += 1 }
        let expected = Set(seen.filter { $0.value > 1 }.keys.map(IdentifierTable.hash))
        #expect(expected.count > 1_000)
        let total = sizes.reduce(0, +)
        _ = [Engagement](unsafeUninitializedCapacity: total) { storage, initialized in
            var offset = 0
            var parts: [EngagementPart] = []
            let organizations = UnsafeMutablePointer<Int32>.allocate(capacity: total)
            let partners = UnsafeMutablePointer<Int32>.allocate(capacity: total)
            defer {
                organizations.deallocate()
                partners.deallocate()
            }
            let base = EngagementBuffer.Storage(
                engagements: storage.baseAddress!, organizations: organizations, partners: partners)
            for (size, partIDs) in zip(sizes, ids) {
                let part = EngagementPart(source: "e.csv", window: base.advanced(by: offset), capacity: size)
                for id in partIDs {
                    part.engagements.append(
                        Engagement(
                            id: id, organization: "o", partner: "p", kind: .license,
                            startedOn: CalendarDate(dayNumber: 0), value: .zero),
                        organization: 0, partner: 0)
                }
                parts.append(part)
                offset += size
            }
            #expect(CanonicalLoader.repeatedHashes(parts) == expected)
            for part in parts { initialized += part.engagements.moveAll(to: base.advanced(by: initialized)) }
        }
    }
}
