import ImpactCore

/// `cost.savings_rate`: savings / (operating costs + savings) — the share of the cost base that
/// collaboration saved.
public struct CostSavingsRate: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "cost.savings_rate", title: "Savings rate",
        summary: "Cost savings as a fraction of the cost base they came from (operating costs plus savings).",
        unit: .ratio, direction: .higherIsBetter, additive: false,
        examples: [
            MetricExample("Saving 25 on costs of 75 is a rate of 25 %", quarter: "2026-Q2", expected: .number(0.25)) {
                try DatasetBuilder().organization("acme")
                    .financials("acme", "2026-Q2", operatingCosts: 75, costSavings: 25).build()
            },
            MetricExample("No costs and no savings: undefined", quarter: "2026-Q2", expected: .null(.zeroBase)) {
                try DatasetBuilder().organization("acme")
                    .financials("acme", "2026-Q2", operatingCosts: 0, costSavings: 0).build()
            },
            MetricExample("Savings unknown", quarter: "2026-Q2", expected: .null(.noData)) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q2", operatingCosts: 75).build()
            },
        ])

    public func value(in context: MetricContext) -> MetricValue {
        guard let figures = context.financials(), let costs = figures.operatingCosts, let savings = figures.costSavings
        else { return .null(.noData) }
        guard let rate = savings.ratio(to: costs + savings) else { return .null(.zeroBase) }
        return .number(rate)
    }
}
