/// Computes portfolio aggregates for every metric, quarter and group, and applies disclosure control —
/// in one place, before anything is rendered or written — so that no output can forget it.
///
/// Rules (METRICS.md): (1) fewer than k values → `min_frequency`; (2) for money metrics, the two largest
/// values above 85 % of the sum → `dominance`; (3) for one metric, quarter and dimension, when the
/// portfolio aggregate is published and exactly one group of the dimension was suppressed by (1) or
/// (2), the published group with the smallest sum (ties: the smaller value) → `secondary`.
public struct PortfolioAggregator: Sendable {
    /// Minimum number of values per published aggregate (at least 3).
    public let k: Int

    public init(k: Int = 5) {
        precondition(k >= 3, "k below 3 would expose members' figures")
        self.k = k
    }

    public func aggregate(_ results: MetricResults, dataset: Dataset) -> Portfolio {
        let values = Self.values(results, dataset: dataset)
        return disclose(summarize(results, dataset: dataset, values: values), results: results, values: values)
    }

    /// Statistics of every metric (or of those in `metrics`), quarter and group with a reporting member,
    /// before disclosure control.
    public func summarize(_ results: MetricResults, dataset: Dataset, metrics: Set<String>? = nil) -> [GroupSummary] {
        summarize(
            results, dataset: dataset, values: Self.values(results, dataset: dataset, metrics: metrics),
            metrics: metrics)
    }

    private func summarize(
        _ results: MetricResults, dataset: Dataset, values: [AggregateKey: [MetricValue]], metrics: Set<String>? = nil
    ) -> [GroupSummary] {
        // Members reporting per quarter and group.
        var members: [[PortfolioGroup: Int]] = Array(repeating: [:], count: results.quarters.count)
        for organization in dataset.organizations {
            let groups = PortfolioGroup.groups(of: organization)
            for (index, quarter) in results.quarters.enumerated() where dataset.reports(organization.id, in: quarter) {
                for group in groups { members[index][group, default: 0] += 1 }
            }
        }
        var summaries: [GroupSummary] = []
        for entry in results.metrics where metrics?.contains(entry.descriptor.id) ?? true {
            let descriptor = entry.descriptor
            for (q, quarter) in results.quarters.enumerated() {
                for group in members[q].keys.sorted() {
                    let values = values[AggregateKey(metric: descriptor.id, quarter: quarter, group: group)] ?? []
                    let summary = Self.summarize(values, descriptor: descriptor)
                    summaries.append(
                        GroupSummary(
                            metric: descriptor.id, quarter: quarter, group: group, members: members[q][group]!,
                            n: values.count, statistics: summary.statistics, total: summary.total,
                            dominated: descriptor.unit == .money && Self.isDominated(values)))
                }
            }
        }
        return summaries
    }

    /// Applies the rules to summaries (however they were computed), in the order of the results' metrics
    /// and quarters, groups sorted; keeps the sorted values of published aggregates for percentile ranks.
    public func disclose(_ summaries: [GroupSummary], results: MetricResults, dataset: Dataset) -> Portfolio {
        disclose(summaries, results: results, values: Self.values(results, dataset: dataset))
    }

    private func disclose(
        _ summaries: [GroupSummary], results: MetricResults, values: [AggregateKey: [MetricValue]]
    ) -> Portfolio {
        struct LevelKey: Hashable {
            let metric: String
            let quarter: Quarter
        }
        let levels = Dictionary(grouping: summaries) { LevelKey(metric: $0.metric, quarter: $0.quarter) }
        var aggregates: [Aggregate] = []
        var sortedValues: [AggregateKey: SortedValues] = [:]
        for entry in results.metrics {
            let descriptor = entry.descriptor
            for quarter in results.quarters {
                let summaries = (levels[LevelKey(metric: descriptor.id, quarter: quarter)] ?? []).sorted {
                    $0.group < $1.group
                }
                var sums: [PortfolioGroup: MetricValue] = [:]
                var level: [Aggregate] = []
                for summary in summaries {
                    sums[summary.group] = summary.total
                    var aggregate = Aggregate(
                        metric: descriptor.id, quarter: quarter, group: summary.group, members: summary.members,
                        n: summary.n, statistics: summary.statistics, suppressed: nil)
                    if summary.n < k {
                        aggregate = aggregate.suppressing(.minFrequency)
                    } else if descriptor.unit == .money, summary.dominated {
                        aggregate = aggregate.suppressing(.dominance)
                    }
                    level.append(aggregate)
                }
                level = secondarySuppression(level, sums: sums)
                for aggregate in level where aggregate.isPublished {
                    // The values of published aggregates, for members' percentile ranks.
                    let key = AggregateKey(metric: aggregate.metric, quarter: aggregate.quarter, group: aggregate.group)
                    if let values = values[key] { sortedValues[key] = SortedValues(values) }
                }
                aggregates += level
            }
        }
        return Portfolio(k: k, aggregates: aggregates, sortedValues: sortedValues, quarters: results.quarters)
    }

    /// Non-null values per metric, quarter and group (of the metrics in `metrics`, or all).
    static func values(_ results: MetricResults, dataset: Dataset, metrics: Set<String>? = nil) -> [AggregateKey:
        [MetricValue]]
    {
        let groups = Dictionary(
            dataset.organizations.map { ($0.id, PortfolioGroup.groups(of: $0)) }, uniquingKeysWith: { a, _ in a })
        var buckets: [AggregateKey: [MetricValue]] = [:]
        for observation in results.observations where !observation.value.isNull {
            if let metrics, !metrics.contains(observation.metric) { continue }
            for group in groups[observation.organization] ?? [] {
                buckets[
                    AggregateKey(metric: observation.metric, quarter: observation.quarter, group: group), default: []
                ]
                .append(observation.value)
            }
        }
        return buckets
    }

    /// Rule 3, one pass per dimension.
    func secondarySuppression(_ level: [Aggregate], sums: [PortfolioGroup: MetricValue]) -> [Aggregate] {
        guard let whole = level.first(where: { $0.group.isPortfolio }), whole.isPublished else { return level }
        var result = level
        for dimension in PortfolioGroup.Dimension.allCases {
            let indices = result.indices.filter { result[$0].group.dimension == dimension }
            let suppressed = indices.filter { !result[$0].isPublished }
            guard suppressed.count == 1 else { continue }
            let candidates = indices.filter { result[$0].isPublished }
            guard
                let smallest = candidates.min(by: { a, b in
                    let sumA = sums[result[a].group] ?? .number(0)
                    let sumB = sums[result[b].group] ?? .number(0)
                    if Self.less(sumA, sumB) { return true }
                    if Self.less(sumB, sumA) { return false }
                    return result[a].group.value! < result[b].group.value!
                })
            else { continue }
            result[smallest] = result[smallest].suppressing(.secondary)
        }
        return result
    }

    /// Statistics of the values, and their total (exact for money) for secondary suppression.
    static func summarize(_ values: [MetricValue], descriptor: MetricDescriptor) -> (
        statistics: Aggregate.Statistics?, total: MetricValue
    ) {
        let total: MetricValue
        if descriptor.unit == .money {
            var sum = ExactDecimal.zero
            for case .money(let amount) in values { sum += amount }
            total = .money(sum)
        } else {
            total = .number(values.compactMap(\.doubleValue).reduce(0, +))
        }
        guard !values.isEmpty else { return (nil, total) }
        let doubles = values.compactMap(\.doubleValue).sorted()
        let mean: Double
        if case .money(let sum) = total {
            mean = sum.doubleValue / Double(values.count)
        } else {
            mean = total.doubleValue! / Double(values.count)
        }
        let statistics = Aggregate.Statistics(
            sum: descriptor.additive ? total : nil, mean: mean, p25: Quantile.type7(sorted: doubles, 0.25)!,
            median: Quantile.type7(sorted: doubles, 0.5)!, p75: Quantile.type7(sorted: doubles, 0.75)!)
        return (statistics, total)
    }

    /// The (2, 85) rule in exact decimals: x₁ + x₂ > 0.85 × Σx; a sum of 0 is never dominated.
    static func isDominated(_ values: [MetricValue]) -> Bool {
        var amounts: [ExactDecimal] = []
        for case .money(let amount) in values { amounts.append(amount) }
        let total = amounts.reduce(ExactDecimal.zero, +)
        guard !total.isZero, amounts.count >= 2 else { return false }
        let top = amounts.sorted(by: >)
        let largestTwo = top[0] + top[1]
        return largestTwo.micros * 100 > total.micros * 85
    }

    static func less(_ a: MetricValue, _ b: MetricValue) -> Bool {
        switch (a, b) {
        case (.money(let x), .money(let y)): return x < y
        default: return (a.doubleValue ?? 0) < (b.doubleValue ?? 0)
        }
    }
}

/// Identifies one aggregate.
struct AggregateKey: Hashable, Sendable {
    let metric: String
    let quarter: Quarter
    let group: PortfolioGroup
}

/// The values of a published aggregate, sorted, for percentile ranks (exact for money).
struct SortedValues: Sendable {
    let money: [ExactDecimal]?
    let numbers: [Double]

    init(_ values: [MetricValue]) {
        var amounts: [ExactDecimal] = []
        for case .money(let amount) in values { amounts.append(amount) }
        if amounts.count == values.count && !values.isEmpty {
            money = amounts.sorted()
            numbers = []
        } else {
            money = nil
            numbers = values.compactMap(\.doubleValue).sorted()
        }
    }

    /// 100 × (below + ½ × equal) / n.
    func percentileRank(of value: MetricValue) -> Double? {
        if let money, case .money(let amount) = value {
            let below = Self.lowerBound(money, amount)
            let upTo = Self.upperBound(money, amount)
            return 100 * (Double(below) + 0.5 * Double(upTo - below)) / Double(money.count)
        }
        guard let number = value.doubleValue, !numbers.isEmpty else { return nil }
        // Doubles within a relative 1e-12 are one value: the last bits of a computed ratio are noise.
        let tolerance = abs(number) * 1e-12
        let below = Self.lowerBound(numbers, number - tolerance)
        let upTo = Self.upperBound(numbers, number + tolerance)
        return 100 * (Double(below) + 0.5 * Double(upTo - below)) / Double(numbers.count)
    }

    static func lowerBound<T: Comparable>(_ array: [T], _ value: T) -> Int {
        var low = 0
        var high = array.count
        while low < high {
            let middle = (low + high) / 2
            if array[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    static func upperBound<T: Comparable>(_ array: [T], _ value: T) -> Int {
        var low = 0
        var high = array.count
        while low < high {
            let middle = (low + high) / 2
            if array[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
