/// Statistics of one metric over one group of organisations in one quarter, or the rule that suppressed
/// them.
public struct Aggregate: Sendable, Hashable {
    public let metric: String
    public let quarter: Quarter
    public let group: PortfolioGroup
    /// Organisations of the group that report in the quarter.
    public let members: Int
    /// Non-null values.
    public let n: Int
    /// nil when suppressed.
    public let statistics: Statistics?
    public let suppressed: DisclosureRule?

    public var isPublished: Bool { suppressed == nil }

    public struct Statistics: Sendable, Hashable {
        /// For additive metrics only: exact for money, a double otherwise.
        public let sum: MetricValue?
        public let mean: Double
        public let p25: Double
        public let median: Double
        public let p75: Double

        public init(sum: MetricValue?, mean: Double, p25: Double, median: Double, p75: Double) {
            self.sum = sum
            self.mean = mean
            self.p25 = p25
            self.median = median
            self.p75 = p75
        }
    }

    init(
        metric: String, quarter: Quarter, group: PortfolioGroup, members: Int, n: Int, statistics: Statistics?,
        suppressed: DisclosureRule?
    ) {
        self.metric = metric
        self.quarter = quarter
        self.group = group
        self.members = members
        self.n = n
        self.statistics = statistics
        self.suppressed = suppressed
    }
}

/// Where one member stands in one of its groups.
public struct Benchmark: Sendable, Hashable {
    public let metric: String
    public let quarter: Quarter
    public let group: PortfolioGroup
    /// Values in the group, the member's included.
    public let n: Int
    public let median: Double
    /// 100 × (values below + ½ × values equal) / n.
    public let percentileRank: Double
}
