/// Dense positions for the aggregates of one run: every (metric, quarter, group) is one integer, so that
/// values are bucketed and aggregates looked up by index instead of hashing a key of a metric id, a
/// quarter and a group for each value (that hashing took 23 ms for the 6,400 observations of a
/// 32-member workspace — most of a member report's time — and seconds for a portfolio of 10,000).
struct AggregateGrid: Sendable {
    /// In the results' order.
    let metrics: [String]
    /// In the results' order.
    let quarters: [Quarter]
    /// Sorted, so that positions ascend in group order.
    let groups: [PortfolioGroup]
    /// Metric positions in the order of their ids' bytes (the order of aggregates and benchmarks).
    let metricsByID: [Int]
    /// Quarter positions in ascending quarter order.
    let quartersAscending: [Int]
    private let metricPositions: [String: Int]
    /// Quarter positions by ordinal − `firstOrdinal` (−1: not in the grid); a quarter is looked up per
    /// value, and a window's quarters are consecutive, so an array rather than hashing.
    private let quarterPositions: [Int]
    private let firstOrdinal: Int
    private let groupPositions: [PortfolioGroup: Int]

    init(metrics: [String], quarters: [Quarter], groups: some Sequence<PortfolioGroup>) {
        self.metrics = metrics
        self.quarters = quarters
        self.groups = Set(groups).sorted()
        metricPositions = Dictionary(metrics.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        firstOrdinal = quarters.map(\.ordinal).min() ?? 0
        var quarterPositions = [Int](
            repeating: -1, count: quarters.isEmpty ? 0 : quarters.map(\.ordinal).max()! - firstOrdinal + 1)
        for (position, quarter) in quarters.enumerated().reversed() {
            quarterPositions[quarter.ordinal - firstOrdinal] = position
        }
        self.quarterPositions = quarterPositions
        groupPositions = Dictionary(uniqueKeysWithValues: self.groups.enumerated().map { ($1, $0) })
        metricsByID = metrics.indices.sorted { metrics[$0].utf8.lexicographicallyPrecedes(metrics[$1].utf8) }
        quartersAscending = quarters.indices.sorted { quarters[$0] < quarters[$1] }
    }

    /// The groups of the dataset's organisations, and `extra` ones (e.g. from a database's summaries).
    init(results: MetricResults, dataset: Dataset, extra: [PortfolioGroup] = []) {
        var groups = Set(extra)
        for organization in dataset.organizations { groups.formUnion(PortfolioGroup.groups(of: organization)) }
        self.init(metrics: results.metrics.map(\.descriptor.id), quarters: results.quarters, groups: groups)
    }

    var count: Int { metrics.count * quarters.count * groups.count }

    func slot(metric: Int, quarter: Int, group: Int) -> Int {
        (metric * quarters.count + quarter) * groups.count + group
    }

    /// The metric, quarter and group positions of a slot.
    func position(of slot: Int) -> (metric: Int, quarter: Int, group: Int) {
        let (level, group) = slot.quotientAndRemainder(dividingBy: groups.count)
        let (metric, quarter) = level.quotientAndRemainder(dividingBy: quarters.count)
        return (metric, quarter, group)
    }

    /// The slot of an aggregate's key, if the grid has it.
    func slot(_ metric: String, _ quarter: Quarter, _ group: PortfolioGroup) -> Int? {
        guard let m = self.metric(metric), let q = self.quarter(quarter), let g = self.group(group) else { return nil }
        return slot(metric: m, quarter: q, group: g)
    }

    func metric(_ id: String) -> Int? { metricPositions[id] }
    func quarter(_ quarter: Quarter) -> Int? {
        let offset = quarter.ordinal - firstOrdinal
        guard quarterPositions.indices.contains(offset), quarterPositions[offset] >= 0 else { return nil }
        return quarterPositions[offset]
    }
    func group(_ group: PortfolioGroup) -> Int? { groupPositions[group] }

    /// The positions of an organisation's groups, ascending.
    func groups(of organization: Organization) -> [Int] {
        PortfolioGroup.groups(of: organization).compactMap(group).sorted()
    }

    /// The positions of each organisation's groups, by id (the first row of a repeated id wins).
    func groupsByOrganization(_ dataset: Dataset) -> [Identifier: [Int]] {
        Dictionary(dataset.organizations.map { ($0.id, groups(of: $0)) }, uniquingKeysWith: { first, _ in first })
    }
}
