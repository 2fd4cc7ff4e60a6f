import ImpactCore

/// `revenue.ecosystem_share`: ecosystem revenue / revenue.
public struct RevenueEcosystemShare: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "revenue.ecosystem_share", title: "Ecosystem share of revenue",
        summary: "The fraction of the quarter's revenue attributable to ecosystem partnerships.",
        unit: .ratio, direction: .higherIsBetter, additive: false,
        examples: [
            MetricExample("250 of 1,000 is a quarter", quarter: "2026-Q2", expected: .number(0.25)) {
                try DatasetBuilder().organization("acme")
                    .financials("acme", "2026-Q2", revenue: 1000, ecosystemRevenue: 250).build()
            },
            MetricExample("No revenue: the share is undefined", quarter: "2026-Q2", expected: .null(.zeroBase)) {
                try DatasetBuilder().organization("acme")
                    .financials("acme", "2026-Q2", revenue: 0, ecosystemRevenue: 0).build()
            },
            MetricExample("Ecosystem revenue unknown", quarter: "2026-Q2", expected: .null(.noData)) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q2", revenue: 1000).build()
            },
        ])

    public func value(in context: MetricContext) -> MetricValue {
        guard let figures = context.financials(), let revenue = figures.revenue,
            let ecosystem = figures.ecosystemRevenue
        else { return .null(.noData) }
        guard let share = ecosystem.ratio(to: revenue) else { return .null(.zeroBase) }
        return .number(share)
    }
}
