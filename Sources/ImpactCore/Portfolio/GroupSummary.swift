/// The statistics of one metric, quarter and group before disclosure control: computed in process by
/// `PortfolioAggregator.summarize`, or inside a database, and turned into published or suppressed
/// aggregates by `PortfolioAggregator.disclose` — the one place the rules are applied.
public struct GroupSummary: Sendable, Hashable {
    public let metric: String
    public let quarter: Quarter
    public let group: PortfolioGroup
    /// Organisations of the group that report in the quarter.
    public let members: Int
    /// Non-null values.
    public let n: Int
    /// Nil when n = 0. `sum` only for additive metrics.
    public let statistics: Aggregate.Statistics?
    /// The sum of the values (exact for money), for secondary suppression.
    public let total: MetricValue
    /// For money metrics: the two largest values exceed 85 % of the sum (exact decimals).
    public let dominated: Bool

    public init(
        metric: String, quarter: Quarter, group: PortfolioGroup, members: Int, n: Int,
        statistics: Aggregate.Statistics?, total: MetricValue, dominated: Bool
    ) {
        self.metric = metric
        self.quarter = quarter
        self.group = group
        self.members = members
        self.n = n
        self.statistics = statistics
        self.total = total
        self.dominated = dominated
    }
}
