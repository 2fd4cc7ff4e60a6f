import ImpactCore

/// `knowledge.talent_placements`: internships and hires through partners starting in the quarter.
public struct TalentPlacements: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "knowledge.talent_placements", title: "Talent placements",
        summary: "Engagements of kind talent (an internship or hire through a partner) starting in the quarter.",
        unit: .count, direction: .higherIsBetter, additive: true,
        examples: [
            MetricExample(
                "Two placements start in the quarter; one started before", quarter: "2026-Q1",
                expected: .count(2)
            ) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").partner("school", .research)
                    .engagement("acme", "school", .talent, started: "2026-01-01")
                    .engagement("acme", "school", .talent, started: "2026-03-31")
                    .engagement("acme", "school", .talent, started: "2025-12-31", ended: "2026-06-30").build()
            }
        ])

    public func value(in context: MetricContext) -> MetricValue {
        .count(context.engagementsStarting().kinds.filter { $0 == .talent }.count)
    }
}
