/// One metric's value for one organisation in one quarter.
public struct Observation: Sendable, Hashable {
    public let metric: String
    public let organization: Identifier
    public let quarter: Quarter
    public let value: MetricValue

    public init(metric: String, organization: Identifier, quarter: Quarter, value: MetricValue) {
        self.metric = metric
        self.organization = organization
        self.quarter = quarter
        self.value = value
    }
}
