import ImpactCore
import Testing

@testable import ImpactSources

/// Engagements moved out of a part's buffer are the ones put in, ids on the heap included, and the buffer
/// keeps none (its release must not release them again).
@Suite struct EngagementBufferTests {
    @Test func movedEngagementsAreWhatWasAppended() {
        let long = String(repeating: "a long organisation id ", count: 3)
        var appended: [Engagement] = []
        var moved: [Engagement] = []
        do {
            let buffer = EngagementBuffer(capacity: 100)
            for index in 0..<100 {
                let engagement = Engagement(
                    id: Identifier("engagement \(index) \(long)"), organization: Identifier(long + "\(index % 7)"),
                    partner: Identifier("p\(index)"), kind: .license, startedOn: CalendarDate(dayNumber: index),
                    value: ExactDecimal(micros: Int128(index)))
                buffer.append(engagement)
                appended.append(engagement)
            }
            buffer.setValue(ExactDecimal(micros: 42), at: 3)
            appended[3].value = ExactDecimal(micros: 42)
            #expect(Array(buffer) == appended)
            moved = [Engagement](unsafeUninitializedCapacity: 100) { target, count in
                count = buffer.moveAll(to: target.baseAddress!)
            }
            #expect(buffer.isEmpty)
        }
        // The buffer is gone; the moved engagements still hold their texts.
        #expect(moved == appended)
        #expect(moved.map(\.organization.rawValue).allSatisfy { $0.hasPrefix(long) })
    }
}
