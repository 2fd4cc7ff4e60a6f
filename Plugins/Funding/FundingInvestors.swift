import ImpactCore

/// `funding.investors`: distinct partners behind the quarter's grants, investments and loans.
public struct FundingInvestors: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "funding.investors", title: "Funders",
        summary: "Distinct partners of grants, investments and loans starting in the quarter, whatever their value.",
        unit: .count, direction: .higherIsBetter, additive: false,
        examples: [
            MetricExample("Agency, bank (twice) and angel (zero value): 3", quarter: "2026-Q1", expected: .count(3)) {
                try FundingExamples.funded()
            }
        ])

    public func value(in context: MetricContext) -> MetricValue {
        .count(Set(context.engagementsStarting().filter { $0.kind.isFunding }.map(\.partner)).count)
    }
}
