import ImpactCore

/// `knowledge.research_collaborations`: joint projects and licences with research partners active in the
/// quarter.
public struct ResearchCollaborations: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "knowledge.research_collaborations", title: "Research collaborations",
        summary: "Engagements of kind joint project or licence with research partners, active in the quarter.",
        unit: .count, direction: .higherIsBetter, additive: true,
        examples: [
            MetricExample(
                "Two with the university count; training and an industry project do not",
                quarter: "2026-Q1", expected: .count(2)
            ) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
                    .partner("uni", .research).partner("corp", .largeEnterprise)
                    .engagement("acme", "uni", .jointProject, started: "2025-01-01")
                    .engagement("acme", "uni", .license, started: "2026-03-31")
                    .engagement("acme", "uni", .training, started: "2026-01-10")
                    .engagement("acme", "uni", .jointProject, started: "2025-01-01", ended: "2025-12-31")
                    .engagement("acme", "corp", .jointProject, started: "2026-01-10").build()
            }
        ])

    public func value(in context: MetricContext) -> MetricValue {
        .count(context.countActiveEngagements(kinds: [.jointProject, .license], partnerTypes: [.research]))
    }
}
