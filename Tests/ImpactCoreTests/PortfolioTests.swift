import ImpactCore
import Testing

/// Disclosure control rule by rule on hand-made portfolios.
@Suite struct PortfolioTests {
    /// A money metric and a ratio metric that return the figures a test gives per organisation.
    struct Given: Metric {
        let descriptor: MetricDescriptor
        func value(in context: MetricContext) -> MetricValue {
            guard let revenue = context.financials()?.revenue else { return .null(.noData) }
            return descriptor.unit == .money ? .money(revenue) : .number(revenue.doubleValue / 100)
        }
    }

    static let registry = try! MetricRegistry(plugins: [
        MetricPlugin(
            name: "t",
            metrics: [
                Given(
                    descriptor: MetricDescriptor(
                        id: "t.money", title: "M", summary: "M.", unit: .money, direction: .higherIsBetter,
                        additive: true)),
                Given(
                    descriptor: MetricDescriptor(
                        id: "t.ratio", title: "R", summary: "R.", unit: .ratio, direction: .higherIsBetter,
                        additive: false)),
            ])
    ])

    /// Organisations as (id, sector, revenue); nil revenue = not reporting.
    func portfolio(_ members: [(String, String?, ExactDecimal?)], k: Int = 3) throws -> Portfolio {
        var builder = DatasetBuilder()
        for (id, sector, revenue) in members {
            builder = builder.organization(Identifier(id), sector: sector.map { Identifier($0) })
            if let revenue { builder = builder.financials(Identifier(id), "2026-Q1", revenue: revenue) }
        }
        let dataset = try builder.build()
        let results = try MetricEngine(registry: Self.registry).run(on: dataset, quarters: ["2026-Q1"])
        return PortfolioAggregator(k: k).aggregate(results, dataset: dataset)
    }

    func rule(_ portfolio: Portfolio, _ metric: String, _ group: PortfolioGroup) -> String {
        guard let aggregate = portfolio.aggregate(metric, "2026-Q1", group) else { return "absent" }
        return aggregate.suppressed?.rawValue ?? "published"
    }

    @Test func statisticsOfThePortfolio() throws {
        let p = try portfolio([("a", "C", 10), ("b", "C", 20), ("c", "C", 30), ("d", "C", 40)])
        let aggregate = try #require(p.aggregate("t.money", "2026-Q1"))
        #expect(aggregate.members == 4 && aggregate.n == 4)
        #expect(aggregate.statistics?.sum == .money(100))
        #expect(aggregate.statistics?.mean == 25)
        #expect(aggregate.statistics?.p25 == 17.5)
        #expect(aggregate.statistics?.median == 25)
        #expect(aggregate.statistics?.p75 == 32.5)
        #expect(p.aggregate("t.ratio", "2026-Q1")?.statistics?.sum == nil)  // not additive
    }

    @Test func minimumFrequencyCountsValuesNotMembers() throws {
        let p = try portfolio([("a", "C", 10), ("b", "C", 20), ("c", "J", 30), ("d", "J", 40), ("e", "J", 50)])
        #expect(rule(p, "t.money", PortfolioGroup(.sector, "C")) == "min_frequency")
        #expect(rule(p, "t.money", PortfolioGroup(.sector, "J")) != "min_frequency")
        let suppressed = try #require(p.aggregate("t.money", "2026-Q1", PortfolioGroup(.sector, "C")))
        #expect(suppressed.statistics == nil && suppressed.n == 2 && suppressed.members == 2)
    }

    @Test func aGroupWithoutReportingMembersHasNoAggregate() throws {
        let p = try portfolio([("a", "C", 10), ("b", "C", 20), ("c", "C", 30), ("z", "Q", nil)])
        #expect(rule(p, "t.money", PortfolioGroup(.sector, "Q")) == "absent")
        #expect(rule(p, "t.money", .portfolio) == "published")
    }

    @Test func dominanceAppliesToMoneyOnlyInExactDecimals() throws {
        // 85 + 1 of 100 = 86 % > 85 %: dominated. The ratio metric with the same figures is not.
        let p = try portfolio([("a", "C", 85), ("b", "C", 1), ("c", "C", 7), ("d", "C", 7)])
        #expect(rule(p, "t.money", .portfolio) == "dominance")
        #expect(rule(p, "t.ratio", .portfolio) == "published")
        // Exactly 85 %: not dominated (strictly more is needed).
        let edge = try portfolio([("a", "C", 80), ("b", "C", 5), ("c", "C", 5), ("d", "C", 5), ("e", "C", 5)])
        #expect(rule(edge, "t.money", .portfolio) == "published")
        let zero = try portfolio([("a", "C", 0), ("b", "C", 0), ("c", "C", 0)])
        #expect(rule(zero, "t.money", .portfolio) == "published")
    }

    @Test func secondarySuppressionHidesTheSmallestOtherGroup() throws {
        let members: [(String, String?, ExactDecimal?)] = [
            ("a1", "A", 10), ("a2", "A", 10), ("a3", "A", 10),  // sum 30
            ("b1", "B", 5), ("b2", "B", 5), ("b3", "B", 5),  // sum 15: the smallest published
            ("c1", "C", 50), ("c2", "C", 60), ("c3", "C", 70),
            ("d1", "D", 9),  // alone: min_frequency
        ]
        let p = try portfolio(members)
        #expect(rule(p, "t.money", PortfolioGroup(.sector, "D")) == "min_frequency")
        #expect(rule(p, "t.money", PortfolioGroup(.sector, "B")) == "secondary")
        #expect(rule(p, "t.money", PortfolioGroup(.sector, "A")) == "published")
        #expect(rule(p, "t.ratio", PortfolioGroup(.sector, "B")) == "secondary")
    }

    @Test func secondaryTiesGoToTheSmallerValueAndNeedAPublishedTotal() throws {
        let tie = try portfolio([
            ("x1", "Y", 5), ("x2", "Y", 5), ("x3", "Y", 5), ("y1", "X", 5), ("y2", "X", 5), ("y3", "X", 5),
            ("z", "Z", 1),
        ])
        #expect(rule(tie, "t.money", PortfolioGroup(.sector, "X")) == "secondary")
        #expect(rule(tie, "t.money", PortfolioGroup(.sector, "Y")) == "published")
        // Two groups already suppressed: nothing more.
        let two = try portfolio([("a1", "A", 1), ("a2", "A", 1), ("a3", "A", 1), ("b", "B", 1), ("c", "C", 1)])
        #expect(rule(two, "t.ratio", PortfolioGroup(.sector, "A")) == "published")
        // The portfolio itself suppressed: no secondary suppression.
        let small = try portfolio([("a1", "A", 1), ("a2", "A", 1), ("a3", "A", 1), ("b", "B", 1)], k: 5)
        #expect(rule(small, "t.ratio", .portfolio) == "min_frequency")
    }

    @Test func benchmarksUsePublishedAggregatesAndCountTheMemberAmongN() throws {
        let p = try portfolio([
            ("a", "C", 10), ("b", "C", 20), ("c", "C", 20), ("d", "C", 40), ("e", "J", 50), ("f", "J", 60),
            ("g", "J", 70),
        ])
        let dataset = try DatasetBuilder().organization("b", sector: "C").build()
        let observations = [Observation(metric: "t.money", organization: "b", quarter: "2026-Q1", value: .money(20))]
        let benchmarks = p.benchmarks(for: dataset.organizations[0], observations: observations)
        #expect(benchmarks.map(\.group) == [.portfolio, PortfolioGroup(.sector, "C")])
        // Portfolio: one below, two equal of seven → 100 × (1 + 1) / 7.
        #expect(benchmarks.first?.percentileRank == 200.0 / 7)
        #expect(benchmarks.first?.n == 7)
        #expect(benchmarks.first?.median == 40)
        // Sector C: one below, two equal of four → 50.
        #expect(benchmarks.last?.percentileRank == 50)
    }

    /// Aggregated for one member, a portfolio holds exactly the full portfolio's aggregates of the member's
    /// groups (suppression decided over all groups) and gives the same benchmarks; for the portfolio
    /// report, the same aggregates as for a batch.
    @Test func aMembersAggregationIsTheFullOneNarrowed() throws {
        var generator = SystemRandomNumberGenerator()
        var rules: Set<DisclosureRule> = []
        for round in 0..<30 {
            var builder = DatasetBuilder()
            let sectors: [Identifier] = ["A", "B", "C", "D"]
            let regions: [Identifier] = ["North", "South", "East"]
            for index in 0..<Int.random(in: 4...40, using: &generator) {
                let id = Identifier("m\(index)")
                builder = builder.organization(
                    id, sector: Bool.random(using: &generator) ? sectors.randomElement(using: &generator) : nil,
                    region: regions.randomElement(using: &generator),
                    sizeBand: Bool.random(using: &generator) ? .micro : .small,
                    cohort: index % 3 == 0 ? "2025" : nil)
                for quarter: Quarter in ["2026-Q1", "2026-Q2"] where Int.random(in: 0..<5, using: &generator) > 0 {
                    // Few distinct amounts (ties), sometimes one dominant member.
                    let revenue = Int128(Int.random(in: 0...6, using: &generator)) * (index == round ? 1_000 : 10)
                    builder = builder.financials(id, quarter, revenue: ExactDecimal(micros: revenue * 1_000_000))
                }
            }
            let dataset = try builder.build()
            let results = try MetricEngine(registry: Self.registry).run(on: dataset, quarters: ["2026-Q1", "2026-Q2"])
            let aggregator = PortfolioAggregator(k: 3)
            let full = aggregator.aggregate(results, dataset: dataset)
            #expect(aggregator.aggregate(results, dataset: dataset, for: .portfolio).aggregates == full.aggregates)
            rules.formUnion(full.aggregates.compactMap(\.suppressed))
            for member in dataset.organizations {
                let narrowed = aggregator.aggregate(results, dataset: dataset, for: .member(member))
                let groups = Set(PortfolioGroup.groups(of: member))
                #expect(narrowed.aggregates == full.aggregates.filter { groups.contains($0.group) })
                #expect(
                    narrowed.publishedAggregatePositions(for: member).map { narrowed.aggregates[$0] }
                        == full.publishedAggregatePositions(for: member).map { full.aggregates[$0] })
                #expect(
                    narrowed.benchmarks(for: member, observations: results.observations)
                        == full.benchmarks(for: member, observations: results.observations))
            }
        }
        #expect(rules == Set(DisclosureRule.allCases), "every rule was exercised")
    }

    /// Summaries handed to `disclose` (as a database's are) give the aggregation made in process, for every
    /// scope; each aggregate counts what a naive pass over the observations counts — with the results'
    /// quarters out of order and not consecutive (the grid finds quarters by their ordinals).
    @Test func disclosedSummariesAreTheAggregationOverAnyQuarters() throws {
        var generator = SystemRandomNumberGenerator()
        let quarters: [Quarter] = ["2026-Q3", "2025-Q4", "2026-Q1"]
        for _ in 0..<10 {
            var builder = DatasetBuilder()
            let sectors: [Identifier] = ["A", "B", "C"]
            for index in 0..<Int.random(in: 3...30, using: &generator) {
                let id = Identifier("m\(index)")
                builder = builder.organization(
                    id, sector: sectors.randomElement(using: &generator),
                    region: Bool.random(using: &generator) ? "North" : nil)
                // The first member always reports in the window, so that there are aggregates to check.
                for quarter in quarters + ["2026-Q2"]
                where (index == 0 && quarter == quarters[0]) || Bool.random(using: &generator) {
                    let revenue = Int128(Int.random(in: 0...9, using: &generator)) * 1_000_000
                    builder = builder.financials(id, quarter, revenue: ExactDecimal(micros: revenue))
                }
            }
            let dataset = try builder.build()
            let results = try MetricEngine(registry: Self.registry).run(on: dataset, quarters: quarters)
            let aggregator = PortfolioAggregator(k: 3)
            let summaries = aggregator.summarize(results, dataset: dataset)
            var scopes: [PortfolioAggregator.Scope] = [.portfolio, .portfolioAndMembers]
            scopes += dataset.organizations.map { .member($0) }
            for scope in scopes {
                let made = aggregator.aggregate(results, dataset: dataset, for: scope)
                #expect(
                    aggregator.disclose(summaries, results: results, dataset: dataset, for: scope).aggregates
                        == made.aggregates)
            }
            let full = aggregator.aggregate(results, dataset: dataset)
            #expect(!full.aggregates.isEmpty)
            for aggregate in full.aggregates {
                let members = dataset.organizations.filter {
                    PortfolioGroup.groups(of: $0).contains(aggregate.group)
                        && dataset.reports($0.id, in: aggregate.quarter)
                }
                let values = results.observations.filter { observation in
                    observation.metric == aggregate.metric && observation.quarter == aggregate.quarter
                        && !observation.value.isNull && members.contains { $0.id == observation.organization }
                }
                #expect(aggregate.members == members.count)
                #expect(aggregate.n == values.count)
                // The statistics of a published aggregate are those of its members' values, computed here
                // from the observations (type-7 quantiles), whatever form the aggregator keeps them in.
                guard let statistics = aggregate.statistics else { continue }
                let sorted = values.compactMap(\.value.doubleValue).sorted()
                func quantile(_ p: Double) -> Double {
                    let h = Double(sorted.count - 1) * p
                    let low = Int(h.rounded(.down))
                    guard low + 1 < sorted.count else { return sorted[low] }
                    return sorted[low] + (h - Double(low)) * (sorted[low + 1] - sorted[low])
                }
                #expect(statistics.median == quantile(0.5))
                #expect(statistics.p25 == quantile(0.25))
                #expect(statistics.p75 == quantile(0.75))
                if aggregate.metric == "t.money" {
                    var sum = ExactDecimal.zero
                    for case .money(let amount) in values.map(\.value) { sum += amount }
                    #expect(statistics.sum == .money(sum))
                    #expect(statistics.mean == sum.doubleValue / Double(values.count))
                } else {
                    #expect(
                        abs(statistics.mean - sorted.reduce(0, +) / Double(values.count)) <= 1e-12
                            * abs(statistics.mean))
                }
            }
            #expect(
                Set(full.aggregates.map(\.quarter))
                    == Set(
                        quarters.filter { quarter in
                            dataset.organizations.contains { dataset.reports($0.id, in: quarter) }
                        }))
        }
    }

    /// Above 100,000 observations the group summaries are made metric by metric on every core: the
    /// aggregates are those of each metric summarised alone (each under the threshold, on one thread).
    @Test func summariesMadeOnEveryCoreAreThoseMadeMetricByMetric() throws {
        let ids = (0..<60_000).map { Identifier("m\($0)") }
        let sectors: [Identifier] = ["A", "B", "C", "D"]
        let dataset = try Dataset(
            organizations: ids.enumerated().map {
                Organization(id: $1, name: $1.rawValue, sector: sectors[$0 % 4], region: $0 % 1_000 == 0 ? "X" : "Y")
            },
            financials: ids.map { QuarterFinancials(organization: $0, quarter: "2026-Q1") })
        let entries = Self.registry.entries
        let observations = entries.flatMap { entry in
            ids.enumerated().map { index, id in
                Observation(
                    metric: entry.descriptor.id, organization: id, quarter: "2026-Q1",
                    value: entry.descriptor.unit == .money
                        ? .money(ExactDecimal(micros: Int128(index * 7_919 % 1_000) * 1_000_000))
                        : .number(Double(index * 31 % 97) / 7))
            }
        }
        #expect(observations.count >= 100_000 && observations.count / entries.count < 100_000)
        let aggregator = PortfolioAggregator(k: 5)
        let whole = aggregator.aggregate(
            MetricResults(quarters: ["2026-Q1"], metrics: entries, observations: observations, targets: []),
            dataset: dataset, for: .portfolio)
        let alone = entries.sorted { $0.descriptor.id.utf8.lexicographicallyPrecedes($1.descriptor.id.utf8) }
            .flatMap { entry in
                aggregator.aggregate(
                    MetricResults(
                        quarters: ["2026-Q1"], metrics: [entry],
                        observations: observations.filter { $0.metric == entry.descriptor.id }, targets: []),
                    dataset: dataset, for: .portfolio
                ).aggregates
            }
        #expect(whole.aggregates == alone)
        #expect(whole.aggregates.count == entries.count * 7)  // the portfolio, four sectors, two regions
        #expect(whole.aggregates.contains { $0.suppressed == nil && $0.statistics != nil })

        // The same observations with each metric's in two runs (a's first half, b's, a's second half): a
        // metric's values are then placed by one core, and the aggregates are the same.
        let half = ids.count / 2
        let first = entries[0].descriptor.id
        let interleaved =
            Array(observations.filter { $0.metric == first }.prefix(half))
            + observations.filter { $0.metric != first }
            + Array(observations.filter { $0.metric == first }.dropFirst(half))
        let split = aggregator.aggregate(
            MetricResults(quarters: ["2026-Q1"], metrics: entries, observations: interleaved, targets: []),
            dataset: dataset, for: .portfolio)
        #expect(split.aggregates == whole.aggregates)
    }

    @Test func groupsSortPortfolioFirstThenDimensionThenValue() {
        let groups: [PortfolioGroup] = [
            PortfolioGroup(.sizeBand, "small"), PortfolioGroup(.sector, "é"), PortfolioGroup(.sector, "e\u{301}"),
            .portfolio, PortfolioGroup(.cohort, "2025"), PortfolioGroup(.region, "North"),
        ]
        #expect(
            groups.sorted().map(\.description) == [
                "portfolio", "cohort 2025", "region North", "sector e\u{301}", "sector é", "size_band small",
            ])
    }
}
