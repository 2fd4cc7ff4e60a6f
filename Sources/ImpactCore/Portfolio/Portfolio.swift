/// Aggregates of a portfolio after disclosure control, and what a member may see of them.
public struct Portfolio: Sendable {
    public let k: Int
    /// Sorted by metric id, quarter, then group; suppressed ones carry only members, n and the rule.
    public let aggregates: [Aggregate]
    let sortedValues: [AggregateKey: SortedValues]
    let quarters: [Quarter]
    private let index: [AggregateKey: Int]

    init(k: Int, aggregates: [Aggregate], sortedValues: [AggregateKey: SortedValues], quarters: [Quarter]) {
        self.k = k
        self.aggregates = aggregates.sorted { a, b in
            if a.metric != b.metric { return a.metric.utf8.lexicographicallyPrecedes(b.metric.utf8) }
            if a.quarter != b.quarter { return a.quarter < b.quarter }
            return a.group < b.group
        }
        self.sortedValues = sortedValues
        self.quarters = quarters
        self.index = Dictionary(
            uniqueKeysWithValues: self.aggregates.enumerated().map {
                (AggregateKey(metric: $1.metric, quarter: $1.quarter, group: $1.group), $0)
            })
    }

    /// The aggregate of one metric, quarter and group, if the group had reporting members.
    public func aggregate(_ metric: String, _ quarter: Quarter, _ group: PortfolioGroup = .portfolio) -> Aggregate? {
        index[AggregateKey(metric: metric, quarter: quarter, group: group)].map { aggregates[$0] }
    }

    /// What a member's results may hold: the published aggregates of the groups it belongs to.
    public func publishedAggregates(for organization: Organization) -> [Aggregate] {
        let groups = Set(PortfolioGroup.groups(of: organization))
        return aggregates.filter { $0.isPublished && groups.contains($0.group) }
    }

    /// A member's benchmarks: for every quarter, each metric with a value for the member and each of its
    /// groups whose aggregate is published, the peer median, n and the member's percentile rank.
    public func benchmarks(for organization: Organization, observations: [Observation]) -> [Benchmark] {
        let groups = PortfolioGroup.groups(of: organization)
        var benchmarks: [Benchmark] = []
        for observation in observations where observation.organization == organization.id && !observation.value.isNull {
            for group in groups {
                let key = AggregateKey(metric: observation.metric, quarter: observation.quarter, group: group)
                guard let position = index[key], let statistics = aggregates[position].statistics,
                    let values = sortedValues[key], let rank = values.percentileRank(of: observation.value)
                else { continue }
                benchmarks.append(
                    Benchmark(
                        metric: observation.metric, quarter: observation.quarter, group: group,
                        n: aggregates[position].n,
                        median: statistics.median, percentileRank: rank))
            }
        }
        return benchmarks.sorted { a, b in
            if a.metric != b.metric { return a.metric.utf8.lexicographicallyPrecedes(b.metric.utf8) }
            if a.quarter != b.quarter { return a.quarter < b.quarter }
            return a.group < b.group
        }
    }
}
