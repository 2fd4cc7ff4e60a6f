/// A small worked example of a metric: a dataset, the organisation and quarter to evaluate, and the
/// expected value. Every registered metric's examples are run by one generic test, so no metric ships
/// untested, and they double as documentation.
public struct MetricExample: Sendable {
    /// One sentence saying what the example shows.
    public let title: String
    public let dataset: @Sendable () throws -> Dataset
    public let organization: Identifier
    public let quarter: Quarter
    public let expected: MetricValue

    public init(
        _ title: String, organization: Identifier = "acme", quarter: Quarter, expected: MetricValue,
        dataset: @escaping @Sendable () throws -> Dataset
    ) {
        self.title = title
        self.dataset = dataset
        self.organization = organization
        self.quarter = quarter
        self.expected = expected
    }
}
