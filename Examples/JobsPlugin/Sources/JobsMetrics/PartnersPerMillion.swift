import ImpactCore

/// `jobs.partners_per_million`: partners active in the quarter per million of revenue — how much network
/// a business keeps for its size.
public struct PartnersPerMillion: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "jobs.partners_per_million", title: "Partners per million revenue",
        summary: "Partners with an engagement active in the quarter, per million of the quarter's revenue.",
        unit: .ratio, direction: .higherIsBetter, additive: false,
        examples: [
            MetricExample("Two partners on 500,000 of revenue: 4 per million", quarter: "2026-Q1", expected: .number(4))
            {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q1", revenue: 500_000)
                    .partner("a", .research).partner("b", .financial)
                    .engagement("acme", "a", .jointProject, started: "2026-01-05")
                    .engagement("acme", "b", .loan, started: "2026-02-01", value: 10_000).build()
            },
            MetricExample("No revenue: undefined", quarter: "2026-Q1", expected: .null(.zeroBase)) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q1", revenue: 0).build()
            },
        ])

    public func value(in context: MetricContext) -> MetricValue {
        guard let revenue = context.financials()?.revenue else { return .null(.noData) }
        let partners = Set(context.engagementsActive().map(\.partner)).count
        guard let millions = revenue.ratio(to: 1_000_000), millions > 0 else { return .null(.zeroBase) }
        return .number(Double(partners) / millions)
    }
}

/// The plugin: one namespace, its metrics.
public enum JobsPlugin {
    public static let plugin = MetricPlugin(name: "jobs", metrics: [PartnersPerMillion()])
}
