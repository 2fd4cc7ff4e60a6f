import ImpactCore

/// `revenue.total`: revenue in the quarter.
public struct RevenueTotal: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "revenue.total", title: "Revenue",
        summary: "Revenue earned in the quarter, in the base currency.",
        unit: .money, direction: .higherIsBetter, additive: true, iris: "FP5958",
        examples: [
            MetricExample("Revenue of the quarter, exactly", quarter: "2026-Q2", expected: .money("1234567.89")) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q2", revenue: "1234567.89").build()
            },
            MetricExample("An empty revenue cell is unknown, not zero", quarter: "2026-Q2", expected: .null(.noData)) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q2", operatingCosts: 10).build()
            },
            MetricExample("No financials for the quarter: not reporting", quarter: "2026-Q3", expected: .null(.noData))
            {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q2", revenue: 10).build()
            },
        ])

    public func value(in context: MetricContext) -> MetricValue {
        guard let revenue = context.financials()?.revenue else { return .null(.noData) }
        return .money(revenue)
    }
}
