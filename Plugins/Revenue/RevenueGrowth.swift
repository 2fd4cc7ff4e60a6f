import ImpactCore

/// `revenue.growth_qoq` and `revenue.growth_yoy`: (R(q) − R(q−lag)) / R(q−lag).
public struct RevenueGrowth: Metric {
    /// Quarters back to the base: 1 or 4.
    public let lag: Int
    public let descriptor: MetricDescriptor

    public static let quarterOverQuarter = RevenueGrowth(
        lag: 1,
        descriptor: MetricDescriptor(
            id: "revenue.growth_qoq", title: "Revenue growth (QoQ)",
            summary: "Change in revenue against the previous quarter, as a fraction of the previous quarter's revenue.",
            unit: .ratio, direction: .higherIsBetter, additive: false, iris: "FP4761",
            examples: examples(lag: 1, base: "2026-Q1")))

    public static let yearOverYear = RevenueGrowth(
        lag: 4,
        descriptor: MetricDescriptor(
            id: "revenue.growth_yoy", title: "Revenue growth (YoY)",
            summary:
                "Change in revenue against the same quarter a year earlier, as a fraction of that quarter's revenue.",
            unit: .ratio, direction: .higherIsBetter, additive: false, iris: "FP4761",
            examples: examples(lag: 4, base: "2025-Q2")))

    public func value(in context: MetricContext) -> MetricValue {
        guard let current = context.financials()?.revenue, let base = context.financials(offset: -lag)?.revenue else {
            return .null(.noData)
        }
        guard let growth = (current - base).ratio(to: base) else { return .null(.zeroBase) }
        return .number(growth)
    }

    static func examples(lag: Int, base: Quarter) -> [MetricExample] {
        [
            MetricExample("From 200 to 230 is 15 % growth", quarter: "2026-Q2", expected: .number(0.15)) {
                try DatasetBuilder().organization("acme")
                    .financials("acme", base, revenue: 200).financials("acme", "2026-Q2", revenue: 230).build()
            },
            MetricExample("A fall from 400 to 300 is −25 %", quarter: "2026-Q2", expected: .number(-0.25)) {
                try DatasetBuilder().organization("acme")
                    .financials("acme", base, revenue: 400).financials("acme", "2026-Q2", revenue: 300).build()
            },
            MetricExample("Growth from a zero base is undefined", quarter: "2026-Q2", expected: .null(.zeroBase)) {
                try DatasetBuilder().organization("acme")
                    .financials("acme", base, revenue: 0).financials("acme", "2026-Q2", revenue: 50).build()
            },
            MetricExample("No base quarter: no data", quarter: "2026-Q2", expected: .null(.noData)) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q2", revenue: 50).build()
            },
        ]
    }
}
