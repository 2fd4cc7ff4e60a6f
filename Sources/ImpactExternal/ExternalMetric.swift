import ImpactCore

/// A metric computed by an out-of-process plugin: its values were fetched before the engine ran and are
/// looked up here.
public struct ExternalMetric: Metric {
    public let descriptor: MetricDescriptor
    let values: [Key: MetricValue]

    struct Key: Hashable, Sendable {
        let organization: Identifier
        let quarter: Quarter
    }

    public func value(in context: MetricContext) -> MetricValue {
        values[Key(organization: context.organization.id, quarter: context.quarter)] ?? .null(.noData)
    }
}
