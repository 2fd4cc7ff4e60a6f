import ImpactCore

/// `partners.new`: partners whose earliest engagement with the organisation starts in the quarter.
public struct NewPartners: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "partners.new", title: "New partners",
        summary: "Partners whose earliest engagement with the organisation starts in the quarter.",
        unit: .count, direction: .higherIsBetter, additive: false,
        examples: [
            MetricExample(
                "The bank and the lab are new; the university was already a partner", quarter: "2026-Q1",
                expected: .count(2)
            ) { try PartnerExamples.network() }
        ])

    public func value(in context: MetricContext) -> MetricValue {
        .count(context.newPartnerCount())
    }
}
