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
        // last, so that every window but the first moves down.
        var appended: [Engagement] = []
        var built: [Engagement] = []
        do {
            built = [Engagement](unsafeUninitializedCapacity: capacities.reduce(0, +)) { storage, initialized in
                var offset = 0
                var windows: [EngagementBuffer] = []
                for (index, capacity) in capacities.enumerated() {
                    let window = EngagementBuffer(base: storage.baseAddress! + offset, capacity: capacity)
                    let filled = index == capacities.count - 1 ? capacity : max(0, capacity - 3)
                    for _ in 0..<filled {
                        let engagement = Self.engagement(appended.count)
                        window.append(engagement)
                        appended.append(engagement)
                    }
                    windows.append(window)
                    offset += capacity
                }
                windows[0].setValue(ExactDecimal(micros: 42), at: 3)
                appended[3].value = ExactDecimal(micros: 42)
                #expect(windows.flatMap { Array($0) } == appended)
                for window in windows {
                    initialized += window.moveAll(to: storage.baseAddress! + initialized)
                    #expect(window.isEmpty)
                }
            }
        }
        // The windows are gone; the array holds every engagement, in order, with its texts.
        #expect(built == appended)
        #expect(built.map(\.organization.rawValue).allSatisfy { $0.hasPrefix(Self.long) })
    }
}
