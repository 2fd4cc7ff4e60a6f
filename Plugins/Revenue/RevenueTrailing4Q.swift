import ImpactCore

/// `revenue.trailing_4q`: revenue of the quarter and the three before it.
public struct RevenueTrailing4Q: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "revenue.trailing_4q", title: "Revenue, trailing four quarters",
        summary: "Revenue of the quarter and the three quarters before it; null unless all four are known.",
        unit: .money, direction: .higherIsBetter, additive: true,
        examples: [
            MetricExample("Four quarters summed exactly", quarter: "2026-Q1", expected: .money("1000.03")) {
                try DatasetBuilder().organization("acme")
                    .financials("acme", "2025-Q2", revenue: "100.01").financials("acme", "2025-Q3", revenue: "200.01")
                    .financials("acme", "2025-Q4", revenue: "300.01").financials("acme", "2026-Q1", revenue: 400)
                    .build()
            },
            MetricExample("One quarter missing: no data", quarter: "2026-Q1", expected: .null(.noData)) {
                try DatasetBuilder().organization("acme")
                    .financials("acme", "2025-Q3", revenue: 200).financials("acme", "2025-Q4", revenue: 300)
                    .financials("acme", "2026-Q1", revenue: 400).build()
            },
        ])

    public func value(in context: MetricContext) -> MetricValue {
        var total = ExactDecimal.zero
        for offset in -3...0 {
            guard let revenue = context.financials(offset: offset)?.revenue else { return .null(.noData) }
            total += revenue
        }
        return .money(total)
    }
}
