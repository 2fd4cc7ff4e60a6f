import ImpactCore

/// Days from kick-off to launch over the launches of a span of quarters: `time_to_market.median_days`,
/// `time_to_market.p85_days` and `time_to_market.median_days_4q`.
public struct LaunchDays: Metric {
    public let descriptor: MetricDescriptor
    /// The span starts this many quarters before the context's quarter (0 or −3).
    let firstOffset: Int
    /// The statistic over the sorted days.
    let statistic: @Sendable ([Double]) -> Double?

    public static let median = LaunchDays(
        descriptor: MetricDescriptor(
            id: "time_to_market.median_days", title: "Time to market (median days)",
            summary: "Median days from project kick-off to launch over the quarter's launches.",
            unit: .days, direction: .lowerIsBetter, additive: false,
            examples: [
                MetricExample("Median of 30, 10 and 90 days is 30", quarter: "2026-Q1", expected: .number(30)) {
                    try threeLaunches()
                },
                MetricExample("Even count: mean of the two middle values", quarter: "2026-Q1", expected: .number(20)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
                        .launch("acme", "a", started: "2025-12-22", launched: "2026-01-01")
                        .launch("acme", "b", started: "2025-12-02", launched: "2026-01-01").build()
                },
                MetricExample("No launches in the quarter", quarter: "2026-Q1", expected: .null(.noLaunches)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").build()
                },
            ]),
        firstOffset: 0, statistic: { Quantile.median(sorted: $0) })

    public static let p85 = LaunchDays(
        descriptor: MetricDescriptor(
            id: "time_to_market.p85_days", title: "Time to market (85th percentile days)",
            summary:
                "85th percentile (linear interpolation) of days from kick-off to launch over the quarter's launches.",
            unit: .days, direction: .lowerIsBetter, additive: false,
            examples: [
                MetricExample("Of 10, 30 and 90 days: 30 + 0.7 × 60 = 72", quarter: "2026-Q1", expected: .number(72)) {
                    try threeLaunches()
                },
                MetricExample("No launches in the quarter", quarter: "2026-Q1", expected: .null(.noLaunches)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").build()
                },
            ]),
        firstOffset: 0, statistic: { Quantile.type7(sorted: $0, 0.85) })

    public static let median4Q = LaunchDays(
        descriptor: MetricDescriptor(
            id: "time_to_market.median_days_4q", title: "Time to market (median days, four quarters)",
            summary: "Median days from kick-off to launch over the launches of this quarter and the three before it.",
            unit: .days, direction: .lowerIsBetter, additive: false,
            examples: [
                MetricExample(
                    "Launches of the last four quarters count; older ones do not", quarter: "2026-Q1",
                    expected: .number(40)
                ) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
                        .launch("acme", "old", started: "2024-01-01", launched: "2025-03-31")
                        .launch("acme", "a", started: "2025-03-02", launched: "2025-04-01")
                        .launch("acme", "b", started: "2025-12-02", launched: "2026-01-21").build()
                },
                MetricExample("None in four quarters", quarter: "2026-Q1", expected: .null(.noLaunches)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
                        .launch("acme", "old", started: "2024-01-01", launched: "2025-03-31").build()
                },
            ]),
        firstOffset: -3, statistic: { Quantile.median(sorted: $0) })

    public func value(in context: MetricContext) -> MetricValue {
        let days = context.launches(from: firstOffset).compactMap(\.daysToMarket).map(Double.init).sorted()
        guard let result = statistic(days) else { return .null(.noLaunches) }
        return .number(result)
    }

    static func threeLaunches() throws -> Dataset {
        try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
            .launch("acme", "a", started: "2026-01-01", launched: "2026-01-31")
            .launch("acme", "b", started: "2026-01-01", launched: "2026-01-11")
            .launch("acme", "c", started: "2025-12-31", launched: "2026-03-31")
            .build()
    }
}
