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

    /// What a portfolio is aggregated for, and so what is computed.
    public enum Scope: Sendable {
        /// The portfolio report: every aggregate; no member's benchmarks.
        case portfolio
        /// Every aggregate and every member's benchmarks (a batch of member reports).
        case portfolioAndMembers
        /// One member's report: the aggregates of the member's groups and its benchmarks. Disclosure control
        /// is decided over all groups as always (rule 3 weighs the other groups of each dimension), but only
        /// the member's groups get quantiles — a member report of a 32-member workspace spent a sixth of its
        /// time on statistics it never showed.
        case member(Organization)
    }

    public func aggregate(_ results: MetricResults, dataset: Dataset, for scope: Scope = .portfolioAndMembers)
        -> Portfolio
    {
        let grid = AggregateGrid(results: results, dataset: dataset)
        let values = SlotValues(results, dataset: dataset, grid: grid)
        let kept = Self.kept(scope, grid: grid)
        return disclose(
            summarize(results, dataset: dataset, grid: grid, values: values, detailed: kept), results: results,
            grid: grid, values: values, scope: scope, kept: kept)
    }

    /// The groups whose aggregates a scope keeps (nil: all).
    private static func kept(_ scope: Scope, grid: AggregateGrid) -> [Bool]? {
        guard case .member(let member) = scope else { return nil }
        var kept = [Bool](repeating: false, count: grid.groups.count)
        for group in grid.groups(of: member) { kept[group] = true }
        return kept
    }

    /// Statistics of every metric (or of those in `metrics`), quarter and group with a reporting member,
    /// before disclosure control.
    public func summarize(_ results: MetricResults, dataset: Dataset, metrics: Set<String>? = nil) -> [GroupSummary] {
        let grid = AggregateGrid(results: results, dataset: dataset)
        let summaries = summarize(
            results, dataset: dataset, grid: grid,
            values: SlotValues(results, dataset: dataset, grid: grid, metrics: metrics), metrics: metrics)
        // Slots ascend by metric (in the results' order), quarter, then group.
        var keyed: [GroupSummary] = []
        for (slot, summary) in summaries.enumerated() {
            guard let summary else { continue }
            let (m, q, g) = grid.position(of: slot)
            keyed.append(
                GroupSummary(
                    metric: grid.metrics[m], quarter: grid.quarters[q], group: grid.groups[g], members: summary.members,
                    n: summary.n, statistics: summary.statistics, total: summary.total, dominated: summary.dominated))
        }
        return keyed
    }

    /// A group's statistics before disclosure control, kept by slot: its key is the slot's. Made for every
    /// group of every metric and quarter, as rule 3 weighs them all, and turned into an `Aggregate` (with
    /// its strings) only where one is published or shown: a member's report keeps a sixth of them, and
    /// copying 4,600 keyed summaries of a 32-member workspace was a tenth of its aggregation (profiled).
    struct SlotSummary: Sendable {
        let members: Int
        let n: Int
        let statistics: Aggregate.Statistics?
        let total: MetricValue
        let dominated: Bool
    }

    /// The summary of every slot with reporting members (nil elsewhere, and for metrics not in `metrics`).
    /// `detailed`: the groups whose statistics are computed (nil: all); the others get counts, totals and
    /// dominance only, which is all that disclosure control needs of them.
    private func summarize(
        _ results: MetricResults, dataset: Dataset, grid: AggregateGrid, values: SlotValues,
        metrics: Set<String>? = nil, detailed: [Bool]? = nil
    ) -> [SlotSummary?] {
        // Members reporting per quarter and group.
        let groupCount = grid.groups.count
        let levelSize = grid.quarters.count * groupCount
        var members = [Int](repeating: 0, count: levelSize)
        for organization in dataset.organizations {
            let groups = grid.groups(of: organization)
            for (q, quarter) in grid.quarters.enumerated() where dataset.reports(organization.id, in: quarter) {
                for g in groups { members[q * groupCount + g] += 1 }
            }
        }
        let counts = members
        var summaries = [SlotSummary?](repeating: nil, count: grid.count)
        summaries.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer  // each metric writes its own slots
            let summarizeMetric = { @Sendable (m: Int) in
                let descriptor = results.metrics[m].descriptor
                guard metrics?.contains(descriptor.id) ?? true else { return }
                for q in grid.quarters.indices {
                    for g in 0..<groupCount where counts[q * groupCount + g] > 0 {
                        let slot = grid.slot(metric: m, quarter: q, group: g)
                        let values = values[slot]
                        let summary = Self.summarize(values, descriptor: descriptor, statistics: detailed?[g] ?? true)
                        buffer[slot] = SlotSummary(
                            members: counts[q * groupCount + g], n: values.count, statistics: summary.statistics,
                            total: summary.total, dominated: descriptor.unit == .money && Self.isDominated(values))
                    }
                }
            }
            // Metric by metric, on every core when the values are many (sorting them for the quantiles was a
            // single-core second of a 10,000-member portfolio run).
            if results.observations.count >= 100_000 {
                _ = OrderedParallel.map(parts: results.metrics.count, summarizeMetric)
            } else {
                for m in results.metrics.indices { summarizeMetric(m) }
            }
        }
        return summaries
    }

    /// Applies the rules to summaries (however they were computed), level by level (one metric and
    /// quarter), making the aggregates in their published order (metric ids by their bytes, quarters,
    /// groups); keeps the sorted values of published aggregates for percentile ranks. A summary whose
    /// metric is not in the results is left out, as is a second summary of the same key.
    public func disclose(
        _ summaries: [GroupSummary], results: MetricResults, dataset: Dataset, for scope: Scope = .portfolioAndMembers
    ) -> Portfolio {
        let grid = AggregateGrid(results: results, dataset: dataset, extra: summaries.map(\.group))
        var bySlot = [SlotSummary?](repeating: nil, count: grid.count)
        for summary in summaries {
            guard let slot = grid.slot(summary.metric, summary.quarter, summary.group), bySlot[slot] == nil else {
                continue
            }
            bySlot[slot] = SlotSummary(
                members: summary.members, n: summary.n, statistics: summary.statistics, total: summary.total,
                dominated: summary.dominated)
        }
        return disclose(
            bySlot, results: results, grid: grid, values: SlotValues(results, dataset: dataset, grid: grid),
            scope: scope, kept: Self.kept(scope, grid: grid))
    }

    private func disclose(
        _ summaries: [SlotSummary?], results: MetricResults, grid: AggregateGrid, values: SlotValues, scope: Scope,
        kept: [Bool]?
    ) -> Portfolio {
        let benchmarks: Bool
        if case .portfolio = scope { benchmarks = false } else { benchmarks = true }
        var aggregates: [Aggregate] = []
        var slots: [Int] = []
        var sortedValues = [SortedValues?](repeating: nil, count: benchmarks ? grid.count : 0)
        let groupCount = grid.groups.count
        // One level (metric and quarter) at a time, in the order of the aggregates: metric ids' bytes,
        // quarters ascending, groups by their positions (the grid's groups are sorted).
        var rules = [DisclosureRule?](repeating: nil, count: groupCount)
        for m in grid.metricsByID {
            let descriptor = results.metrics[m].descriptor
            for q in grid.quartersAscending {
                let first = grid.slot(metric: m, quarter: q, group: 0)
                let level = summaries[first..<(first + groupCount)]
                for (g, summary) in zip(0..., level) {
                    rules[g] = summary.flatMap {
                        $0.n < k ? .minFrequency : descriptor.unit == .money && $0.dominated ? .dominance : nil
                    }
                }
                secondarySuppression(&rules, level: level, groups: grid.groups)
                for (g, summary) in zip(0..., level) {
                    guard let summary, kept?[g] ?? true else { continue }
                    let slot = first + g
                    let rule = rules[g]
                    // The values of published aggregates, for members' percentile ranks.
                    if benchmarks && rule == nil && !values[slot].isEmpty {
                        sortedValues[slot] = SortedValues(values[slot])
                    }
                    aggregates.append(
                        Aggregate(
                            metric: descriptor.id, quarter: grid.quarters[q], group: grid.groups[g],
                            members: summary.members, n: summary.n, statistics: rule == nil ? summary.statistics : nil,
                            suppressed: rule))
                    slots.append(slot)
                }
            }
        }
        return Portfolio(
            k: k, aggregates: aggregates, slots: slots, sortedValues: benchmarks ? sortedValues : nil, grid: grid)
    }

    /// Rule 3, one pass per dimension over one metric and quarter: `level[g]` is the summary of group
    /// `groups[g]` (nil: no member reports), `rules[g]` its rule so far (nil: published). When the
    /// portfolio aggregate is published and exactly one group of a dimension is suppressed, the published
    /// group of that dimension with the smallest sum is suppressed too; of equal sums, the one with the
    /// smaller value (the groups are sorted, so the first).
    func secondarySuppression(
        _ rules: inout [DisclosureRule?], level: ArraySlice<SlotSummary?>, groups: [PortfolioGroup]
    ) {
        let start = level.startIndex
        guard let whole = groups.firstIndex(where: \.isPortfolio), level[start + whole] != nil, rules[whole] == nil
        else { return }
        var g = 0
        while g < groups.count {
            // The groups of one dimension are consecutive (sorted by dimension, then value).
            guard let dimension = groups[g].dimension else {
                g += 1
                continue
            }
            var suppressed = 0
            var smallest: Int?
            while g < groups.count && groups[g].dimension == dimension {
                if let summary = level[start + g] {
                    if rules[g] != nil {
                        suppressed += 1
                    } else if smallest.map({ Self.less(summary.total, level[start + $0]!.total) }) ?? true {
                        smallest = g
                    }
                }
                g += 1
            }
            if suppressed == 1, let smallest { rules[smallest] = .secondary }
        }
    }

    /// Statistics of the values (unless `statistics` is false), and their total (exact for money) for
    /// secondary suppression.
    static func summarize(_ values: SlotValues.Values, descriptor: MetricDescriptor, statistics: Bool = true) -> (
        statistics: Aggregate.Statistics?, total: MetricValue
    ) {
        // On the slot's amounts and numbers themselves: going through `MetricValue`s made a member report's
        // aggregation count references for each value (profiled).
        let total: MetricValue
        if descriptor.unit == .money {
            var sum = ExactDecimal.zero
            for amount in values.amounts { sum += amount }
            total = .money(sum)
        } else {
            var sum = 0.0
            for amount in values.amounts { sum += amount.doubleValue }
            for number in values.numbers { sum += number }
            total = .number(sum)
        }
        guard statistics, !values.isEmpty else { return (nil, total) }
        var doubles = values.doubles()
        let quartiles = Quantile.type7(selecting: &doubles, [0.25, 0.5, 0.75])!
        let mean: Double
        if case .money(let sum) = total {
            mean = sum.doubleValue / Double(values.count)
        } else {
            mean = total.doubleValue! / Double(values.count)
        }
        let statistics = Aggregate.Statistics(
            sum: descriptor.additive ? total : nil, mean: mean, p25: quartiles[0], median: quartiles[1],
            p75: quartiles[2])
        return (statistics, total)
    }

    /// The (2, 85) rule in exact decimals: x₁ + x₂ > 0.85 × Σx; a sum of 0 is never dominated.
    static func isDominated(_ values: SlotValues.Values) -> Bool {
        var total = ExactDecimal.zero
        var largest: ExactDecimal?
        var second: ExactDecimal?
        for amount in values.amounts {
            total += amount
            if largest.map({ amount > $0 }) ?? true {
                second = largest
                largest = amount
            } else if second.map({ amount > $0 }) ?? true {
                second = amount
            }
        }
        guard !total.isZero, let largest, let second else { return false }
        return (largest + second).micros * 100 > total.micros * 85
    }

    static func less(_ a: MetricValue, _ b: MetricValue) -> Bool {
        switch (a, b) {
        case (.money(let x), .money(let y)): return x < y
        default: return (a.doubleValue ?? 0) < (b.doubleValue ?? 0)
        }
    }
}

/// The values of a published aggregate, sorted, for percentile ranks (exact for money).
struct SortedValues: Sendable {
    let money: [ExactDecimal]?
    let numbers: [Double]

    init(_ values: SlotValues.Values) {
        if values.numbers.isEmpty && !values.amounts.isEmpty {
            money = values.amounts.sorted()
            numbers = []
        } else {
            money = nil
            numbers = values.doubles().sorted()
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

/// The non-null values of every slot of a grid, slot after slot: one allocation instead of an array per
/// slot grown value by value (that bucketing was a fifth of a member report's aggregation). Amounts (16
/// bytes) and other numbers (8 bytes) are kept in arrays of their own rather than as `MetricValue`s (32
/// bytes): a full-size portfolio's eight million slot values were 256 MB, the peak memory at the end of
/// its report (measured).
struct SlotValues: Sendable {
    private let amounts: [ExactDecimal]
    private let numbers: [Double]
    /// `amountStarts[slot]..<amountStarts[slot + 1]` are the slot's amounts; the same for its numbers.
    private let amountStarts: [Int]
    private let numberStarts: [Int]

    /// One slot's values: its amounts, then its other numbers, each in the observations' order (a metric's
    /// values are all of one kind, `EngineError.wrongValueKind`; what is computed from a slot's values
    /// does not depend on the order of the two kinds). Read kind by kind, never as `MetricValue`s.
    struct Values: Sendable {
        let amounts: ArraySlice<ExactDecimal>
        let numbers: ArraySlice<Double>

        var count: Int { amounts.count + numbers.count }
        var isEmpty: Bool { amounts.isEmpty && numbers.isEmpty }

        /// Every value as a double (amounts converted), amounts first.
        func doubles() -> [Double] {
            var doubles: [Double] = []
            doubles.reserveCapacity(count)
            for amount in amounts { doubles.append(amount.doubleValue) }
            doubles.append(contentsOf: numbers)
            return doubles
        }
    }

    /// The values of the metrics in `metrics` (or all), by the grid's slots.
    init(_ results: MetricResults, dataset: Dataset, grid: AggregateGrid, metrics: Set<String>? = nil) {
        let groups = grid.groupsByOrganization(dataset)
        let observations = results.observations
        // Calls `body` with the slot of each value and group of `observations[range]`. Observations come
        // metric by metric and organisation by organisation: positions are looked up when the metric or the
        // organisation changes.
        @Sendable func place(_ range: Range<Int>, _ body: (Int, MetricValue) -> Void) {
            var metricID: String?
            var metric: Int?
            var organization: Identifier?
            var organizationGroups: [Int] = []
            // Field by field: a copy of each observation counted references to its strings (profiled).
            for index in range where !observations[index].value.isNull {
                if observations[index].metric != metricID {
                    let id = observations[index].metric
                    metricID = id
                    metric = metrics.map { $0.contains(id) } ?? true ? grid.metric(id) : nil
                }
                guard let metric, let quarter = grid.quarter(observations[index].quarter) else { continue }
                if observations[index].organization != organization {
                    let id = observations[index].organization
                    organization = id
                    organizationGroups = groups[id] ?? []
                }
                let value = observations[index].value
                for group in organizationGroups {
                    body(grid.slot(metric: metric, quarter: quarter, group: group), value)
                }
            }
        }
        // Each metric's run of observations on its own core when no metric has two runs (as the engine
        // gives them): a slot belongs to one metric, so no two runs write the same slot. On one core, the
        // placing was 0.3 s of a full-size report (profiled).
        let runs = Self.metricRuns(observations)
        let parts =
            observations.count >= 100_000 && runs.count > 1
                && Set(runs.map { observations[$0.lowerBound].metric }).count == runs.count
            ? runs : [0..<observations.count]
        // Per slot: its count of amounts and of other numbers, then where each goes next. Buffers of their
        // own, written by the parts at their slots (see above).
        let cursors = UnsafeMutableBufferPointer<(amount: Int, number: Int)>.allocate(capacity: grid.count + 1)
        defer { cursors.deallocate() }
        cursors.initialize(repeating: (0, 0))
        nonisolated(unsafe) let slots = cursors
        func placeInParts(_ body: @escaping @Sendable (Int, MetricValue) -> Void) {
            _ = OrderedParallel.map(parts: parts.count) { place(parts[$0], body) }
        }
        placeInParts { slot, value in
            if case .money = value { slots[slot + 1].amount += 1 } else { slots[slot + 1].number += 1 }
        }
        for slot in 0..<grid.count {
            cursors[slot + 1].amount += cursors[slot].amount
            cursors[slot + 1].number += cursors[slot].number
        }
        let amountStarts = cursors.map(\.amount)
        let numberStarts = cursors.map(\.number)
        var amounts = [ExactDecimal](repeating: .zero, count: amountStarts[grid.count])
        var numbers = [Double](repeating: 0, count: numberStarts[grid.count])
        amounts.withUnsafeMutableBufferPointer { amounts in
            numbers.withUnsafeMutableBufferPointer { numbers in
                nonisolated(unsafe) let (amounts, numbers) = (amounts, numbers)  // each part its own slots
                placeInParts { slot, value in
                    switch value {
                    case .money(let amount):
                        amounts[slots[slot].amount] = amount
                        slots[slot].amount += 1
                    case .number(let number):
                        numbers[slots[slot].number] = number
                        slots[slot].number += 1
                    case .null: break  // not placed
                    }
                }
            }
        }
        self.amounts = amounts
        self.numbers = numbers
        self.amountStarts = amountStarts
        self.numberStarts = numberStarts
    }

    /// The ranges of consecutive observations of one metric, in order.
    static func metricRuns(_ observations: [Observation]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        for index in observations.indices.dropFirst() where observations[index].metric != observations[index - 1].metric
        {
            runs.append(start..<index)
            start = index
        }
        if start < observations.count { runs.append(start..<observations.count) }
        return runs
    }

    subscript(slot: Int) -> Values {
        Values(
            amounts: amounts[amountStarts[slot]..<amountStarts[slot + 1]],
            numbers: numbers[numberStarts[slot]..<numberStarts[slot + 1]])
    }
}
