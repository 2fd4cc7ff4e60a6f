import ImpactCore
import Testing

@testable import ImpactSources

/// Engagements typed into windows of the columns' storage are the ones put in, ids on the heap included;
/// closing the gaps between windows keeps their order, and the windows never release what they held.
@Suite struct EngagementBufferTests {
    static let long = String(repeating: "a long organisation id ", count: 3)
    static let organizations = (0..<7).map { Identifier(long + "\($0)") }

    static func engagement(_ index: Int) -> Engagement {
        Engagement(
            id: index % 5 == 4 ? nil : Identifier("engagement \(index) \(long)"),
            organization: organizations[index % 7],
            partner: Identifier("p\(index)"), kind: EngagementKind.allCases[index % EngagementKind.allCases.count],
            startedOn: CalendarDate(dayNumber: index),
            endedOn: index % 3 == 0 ? nil : CalendarDate(dayNumber: 2 * index),
            value: ExactDecimal(micros: Int128(index)))
    }

    @Test(arguments: [[100], [40, 60], [30, 0, 25, 45]])
    func windowsFilledInPartsMakeOneSetOfColumns(capacities: [Int]) {
        // Each window is filled short of its capacity by a few (rows that gave no engagement), except the
        // last, so that every window but the first moves down, with its positions.
        var appended: [Engagement] = []
        var appendedPositions: [(Int32, Int32)] = []
        let total = capacities.reduce(0, +)
        let columns = EngagementColumns.make(capacity: total) { base in
            var offset = 0
            var windows: [EngagementBuffer] = []
            for (index, capacity) in capacities.enumerated() {
                let window = EngagementBuffer(base: base.advanced(by: offset), capacity: capacity, textIndex: index)
                #expect(window.lastOrganization == -1)
                let filled = index == capacities.count - 1 ? capacity : max(0, capacity - 3)
                for _ in 0..<filled {
                    let engagement = Self.engagement(appended.count)
                    let positions = (Int32(appended.count % 7), Int32(appended.count))
                    window.append(
                        id: window.slot(of: engagement.id), organization: positions.0, partner: positions.1,
                        kind: engagement.kind,
                        startedOn: engagement.startedOn, endedOn: engagement.endedOn, value: engagement.value)
                    #expect(window.lastOrganization == positions.0)
                    appended.append(engagement)
                    appendedPositions.append(positions)
                }
                windows.append(window)
                offset += capacity
            }
            windows[0].setValue(ExactDecimal(micros: 42), at: 3)
            appended[3].value = ExactDecimal(micros: 42)
            // What the loader reads back from a window before the gaps are closed.
            let read = windows.flatMap { window in
                (0..<window.count).map { (window.id(at: $0), window.startedOn(at: $0), window.value(at: $0)) }
            }
            #expect(read.map(\.0) == appended.map(\.id))
            #expect(read.map(\.1) == appended.map(\.startedOn))
            #expect(read.map(\.2) == appended.map(\.value))
            let positions = windows.flatMap { window in (0..<window.count).map { window.positions(at: $0) } }
            #expect(positions.map(\.organization) == appendedPositions.map(\.0))
            #expect(positions.map(\.partner) == appendedPositions.map(\.1))
            var initialized = 0
            for window in windows {
                initialized += window.moveAll(to: base.advanced(by: initialized))
                #expect(window.count == 0)
            }
            return (initialized, windows.map(\.longIDs))
        }
        // The windows are gone; the columns hold every engagement, in order, with its texts.
        #expect(columns.count == appended.count)
        let ids = (0..<columns.count).map { columns.ids[$0] }
        #expect(ids == appended.map(\.id))
        #expect(columns.organizations == appendedPositions.map(\.0))
        #expect(columns.partners == appendedPositions.map(\.1))
        #expect(columns.kinds == appended.map(\.kind))
        #expect(columns.startedOn == appended.map(\.startedOn))
        #expect(columns.endedOn == appended.map(\.endedOn))
        #expect(columns.values == appended.map(\.value))
        #expect(ids.compactMap { $0?.rawValue }.allSatisfy { $0.hasSuffix(Self.long) })
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
        let total = sizes.reduce(0, +) + sizes.count
        let shards = CanonicalLoader.shards(total)
        #expect(shards > 1)
        _ = EngagementColumns.make(capacity: total) { base in
            var offset = 0
            var parts: [EngagementPart] = []
            for (size, partIDs) in zip(sizes, ids) {
                var part = EngagementPart(
                    source: "e.csv", window: base.advanced(by: offset), capacity: size + 1, shards: shards)
                for id in partIDs {
                    part.append(
                        id: part.engagements.slot(of: id), idHash: IdentifierTable.hash(id), organization: 0,
                        partner: 0, kind: .license,
                        startedOn: CalendarDate(dayNumber: 0), endedOn: nil, value: .zero, currency: .euro,
                        valueGiven: true, row: 2, base: .euro)
                }
                // An engagement without an id has no hash to check.
                part.append(
                    id: .absent, idHash: 0, organization: 0, partner: 0, kind: .license,
                    startedOn: CalendarDate(dayNumber: 0), endedOn: nil, value: .zero, currency: .euro,
                    valueGiven: true, row: 3, base: .euro)
                #expect(part.idHashes?.count == shards)
                #expect(part.idHashes?.total == size)
                parts.append(part)
                offset += size + 1
            }
            #expect(CanonicalLoader.repeatedHashes(parts) == expected)
            var initialized = 0
            for part in parts { initialized += part.engagements.moveAll(to: base.advanced(by: initialized)) }
            return (initialized, [])
        }
    }
}
