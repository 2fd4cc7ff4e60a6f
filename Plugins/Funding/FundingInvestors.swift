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
        let starting = context.engagementsStarting()
        return .count(Set(zip(starting.kinds, starting.partners).filter { $0.0.isFunding }.map(\.1)).count)
    }
}
