/// A metric whose values were computed before the engine ran — by an out-of-process plugin, or inside
/// a database — and are looked up here. A missing value is null with reason `no_data`.
public struct PrecomputedMetric: Metric {
    public let descriptor: MetricDescriptor
    let values: [Key: MetricValue]

    public struct Key: Hashable, Sendable {
        public let organization: Identifier
        public let quarter: Quarter

        public init(organization: Identifier, quarter: Quarter) {
            self.organization = organization
            self.quarter = quarter
        }
    }

    public init(descriptor: MetricDescriptor, values: [Key: MetricValue]) {
        self.descriptor = descriptor
        self.values = values
    }

    public func value(in context: MetricContext) -> MetricValue {
        values[Key(organization: context.organization.id, quarter: context.quarter)] ?? .null(.noData)
    }
}
