import ImpactCore

/// `cost.operating` and `cost.savings`: one financial figure of the quarter as reported.
public struct CostFigure: Metric {
    public let descriptor: MetricDescriptor
    let figure: @Sendable (QuarterFinancials) -> ExactDecimal?

    public static let operating = CostFigure(
        descriptor: MetricDescriptor(
            id: "cost.operating", title: "Operating costs",
            summary: "Operating costs of the quarter, in the base currency.",
            unit: .money, direction: .lowerIsBetter, additive: true, iris: "FP1001",
            examples: [
                MetricExample("Operating costs as reported", quarter: "2026-Q2", expected: .money("80000.5")) {
                    try DatasetBuilder().organization("acme")
                        .financials("acme", "2026-Q2", operatingCosts: "80000.50").build()
                },
                MetricExample("Unknown operating costs", quarter: "2026-Q2", expected: .null(.noData)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q2", revenue: 1).build()
                },
            ]),
        figure: { $0.operatingCosts })

    public static let savings = CostFigure(
        descriptor: MetricDescriptor(
            id: "cost.savings", title: "Cost savings",
            summary: "Savings from shared resources and collaborations in the quarter, in the base currency.",
            unit: .money, direction: .higherIsBetter, additive: true,
            examples: [
                MetricExample("Savings as reported", quarter: "2026-Q2", expected: .money(1200)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q2", costSavings: 1200).build()
                },
                MetricExample("Unknown savings", quarter: "2026-Q2", expected: .null(.noData)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q2", revenue: 1).build()
                },
            ]),
        figure: { $0.costSavings })

    public func value(in context: MetricContext) -> MetricValue {
        guard let amount = context.financials().flatMap(figure) else { return .null(.noData) }
        return .money(amount)
    }
}
