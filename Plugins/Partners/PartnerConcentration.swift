import ImpactCore

/// `partners.value_hhi` and `partners.top_partner_share`: how concentrated the value of the quarter's
/// engagements is across partners.
public struct PartnerConcentration: Metric {
    public let descriptor: MetricDescriptor
    let measure: @Sendable ([ExactDecimal]) -> Double?

    public static let hhi = PartnerConcentration(
        descriptor: MetricDescriptor(
            id: "partners.value_hhi", title: "Partner concentration (HHI)",
            summary: "Herfindahl–Hirschman index (0–10,000) of the quarter's engagement value across partners.",
            unit: .hhiPoints, direction: .lowerIsBetter, additive: false,
            examples: [
                MetricExample("Shares 0.6 / 0.2 / 0.2 give 4,400 points", quarter: "2026-Q1", expected: .number(4_400))
                {
                    try PartnerExamples.network()
                },
                MetricExample("Shares 0.5 / 0.3 / 0.2 give 3,800 points", quarter: "2026-Q1", expected: .number(3_800))
                {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
                        .partner("a", .other).partner("b", .other).partner("c", .other)
                        .engagement("acme", "a", .event, started: "2026-01-01", value: 50)
                        .engagement("acme", "b", .event, started: "2026-02-01", value: 30)
                        .engagement("acme", "c", .event, started: "2026-03-01", value: 20).build()
                },
                MetricExample("No engagement value in the quarter", quarter: "2026-Q1", expected: .null(.zeroBase)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").partner("a", .other)
                        .engagement("acme", "a", .event, started: "2026-01-01").build()
                },
            ]),
        measure: { Concentration.hhi($0) })

    public static let topShare = PartnerConcentration(
        descriptor: MetricDescriptor(
            id: "partners.top_partner_share", title: "Top partner share",
            summary: "The largest single partner's share of the quarter's engagement value: dependence on one partner.",
            unit: .ratio, direction: .lowerIsBetter, additive: false,
            examples: [
                MetricExample("The university holds 3,000 of 5,000", quarter: "2026-Q1", expected: .number(0.6)) {
                    try PartnerExamples.network()
                },
                MetricExample("No engagement value in the quarter", quarter: "2026-Q1", expected: .null(.zeroBase)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").build()
                },
            ]),
        measure: { Concentration.topShare($0) })

    public func value(in context: MetricContext) -> MetricValue {
        guard let result = measure(context.valuesByPartner()) else {
            return .null(.zeroBase)
        }
        return .number(result)
    }
}
