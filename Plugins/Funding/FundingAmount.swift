import ImpactCore

/// `funding.raised` and `funding.grants`: the value of funding engagements whose value belongs to the
/// quarter.
public struct FundingAmount: Metric {
    public let descriptor: MetricDescriptor
    let counts: @Sendable (EngagementKind) -> Bool

    public static let raised = FundingAmount(
        descriptor: MetricDescriptor(
            id: "funding.raised", title: "Funding raised",
            summary: "Value of grants, investments and loans starting in the quarter, in the base currency.",
            unit: .money, direction: .higherIsBetter, additive: true,
            examples: [
                MetricExample("Grant, loans and a zero investment", quarter: "2026-Q1", expected: .money("15000.5")) {
                    try FundingExamples.funded()
                },
                MetricExample("No funding is zero, not null", quarter: "2026-Q2", expected: .money(0)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q2").build()
                },
            ]),
        counts: { $0.isFunding })

    public static let grants = FundingAmount(
        descriptor: MetricDescriptor(
            id: "funding.grants", title: "Grants",
            summary: "Value of grants starting in the quarter, in the base currency.",
            unit: .money, direction: .higherIsBetter, additive: true,
            examples: [
                MetricExample("Only the grant of the quarter", quarter: "2026-Q1", expected: .money(10_000)) {
                    try FundingExamples.funded()
                }
            ]),
        counts: { $0 == .grant })

    public func value(in context: MetricContext) -> MetricValue {
        let starting = context.engagementsStarting()
        var total = ExactDecimal.zero
        for (kind, value) in zip(starting.kinds, starting.values) where counts(kind) { total += value }
        return .money(total)
    }
}
