import ImpactCore

/// `partners.active`: distinct partners with an engagement active in the quarter.
public struct ActivePartners: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "partners.active", title: "Active partners",
        summary: "Distinct partners with at least one engagement active in the quarter.",
        unit: .count, direction: .higherIsBetter, additive: false,
        examples: [
            MetricExample(
                "Three partners active; one ended before the quarter", quarter: "2026-Q1",
                expected: .count(3)
            ) { try PartnerExamples.network() },
            MetricExample(
                "An engagement ending on the quarter's first day is active", quarter: "2026-Q2",
                expected: .count(1)
            ) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q2").partner("p", .other)
                    .engagement("acme", "p", .event, started: "2026-03-01", ended: "2026-04-01").build()
            },
        ])

    public func value(in context: MetricContext) -> MetricValue {
        .count(context.activePartnerCount())
    }
}
