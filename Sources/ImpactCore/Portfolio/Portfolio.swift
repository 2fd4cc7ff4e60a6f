/// Aggregates of a portfolio after disclosure control, and what a member may see of them.
public struct Portfolio: Sendable {
    public let k: Int
    /// Sorted by metric id, quarter, then group; suppressed ones carry only members, n and the rule. When
    /// aggregated for one member, those of the member's groups only.
    public let aggregates: [Aggregate]
    /// By the grid's slots: the sorted values of published aggregates (nil when aggregated for the
    /// portfolio report only), and each aggregate's position.
    let sortedValues: [SortedValues?]?
    let grid: AggregateGrid
    private let positions: [Int32]

    /// `aggregates` in their order (as `PortfolioAggregator.disclose` makes them), each at `slots[i]`.
    init(k: Int, aggregates: [Aggregate], slots: [Int], sortedValues: [SortedValues?]?, grid: AggregateGrid) {
        precondition(slots.count == aggregates.count, "a slot per aggregate")
        self.k = k
        self.aggregates = aggregates
        self.sortedValues = sortedValues
        self.grid = grid
        var positions = [Int32](repeating: -1, count: grid.count)
        for (position, slot) in slots.enumerated() { positions[slot] = Int32(position) }
        self.positions = positions
    }

    /// The aggregate of one metric, quarter and group, if the group had reporting members.
    public func aggregate(_ metric: String, _ quarter: Quarter, _ group: PortfolioGroup = .portfolio) -> Aggregate? {
        grid.slot(metric, quarter, group).flatMap(position).map { aggregates[$0] }
    }

    private func position(_ slot: Int) -> Int? {
        let position = positions[slot]
        return position < 0 ? nil : Int(position)
    }

    /// What a member's results may hold: the positions in `aggregates` of the published aggregates of
    /// the groups it belongs to, ascending.
    public func publishedAggregatePositions(for organization: Organization) -> [Int] {
        let groups = grid.groups(of: organization)
        var published: [Int] = []
        for m in grid.metricsByID {
            for q in grid.quartersAscending {
                for g in groups {
                    if let position = position(grid.slot(metric: m, quarter: q, group: g)),
                        aggregates[position].isPublished
                    {
                        published.append(position)
                    }
                }
            }
        }
        return published
    }

    /// A member's benchmarks: for every quarter, each metric with a value for the member and each of its
    /// groups whose aggregate is published, the peer median, n and the member's percentile rank. Needs a
    /// portfolio aggregated `.portfolioAndMembers`, or `.member` for this member (a programming error
    /// otherwise: `.portfolio` keeps no member's values).
    public func benchmarks(for organization: Organization, observations: [Observation]) -> [Benchmark] {
        guard let sortedValues else {
            preconditionFailure("benchmarks of a portfolio aggregated for the portfolio report only")
        }
        let groups = grid.groups(of: organization)
        var benchmarks: [Benchmark] = []
        for observation in observations where observation.organization == organization.id && !observation.value.isNull {
            guard let m = grid.metric(observation.metric), let q = grid.quarter(observation.quarter) else { continue }
            for g in groups {
                let slot = grid.slot(metric: m, quarter: q, group: g)
                guard let position = position(slot), let statistics = aggregates[position].statistics,
                    let values = sortedValues[slot], let rank = values.percentileRank(of: observation.value)
                else { continue }
                benchmarks.append(
                    Benchmark(
                        metric: observation.metric, quarter: observation.quarter, group: grid.groups[g],
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
