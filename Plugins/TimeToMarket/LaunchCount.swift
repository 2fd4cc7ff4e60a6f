import ImpactCore

/// `time_to_market.launches`: projects launched in the quarter.
public struct LaunchCount: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "time_to_market.launches", title: "Launches",
        summary: "Innovation projects whose first market introduction falls in the quarter.",
        unit: .count, direction: .higherIsBetter, additive: true,
        examples: [
            MetricExample(
                "Two launches in the quarter, one outside, one not launched", quarter: "2026-Q1",
                expected: .count(2)
            ) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
                    .launch("acme", "a", started: "2025-06-01", launched: "2026-01-01")
                    .launch("acme", "b", started: "2025-06-01", launched: "2026-03-31")
                    .launch("acme", "c", started: "2025-06-01", launched: "2026-04-01")
                    .launch("acme", "d", started: "2025-06-01", launched: nil).build()
            },
            MetricExample("No launches is zero for a reporting organisation", quarter: "2026-Q1", expected: .count(0)) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").build()
            },
        ])

    public func value(in context: MetricContext) -> MetricValue {
        .count(context.launches().count)
    }
}
