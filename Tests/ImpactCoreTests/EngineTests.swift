import ImpactCore
import Testing

/// A metric that returns whatever it is told, to test the engine's contract checks.
struct FixedMetric: Metric {
    let descriptor: MetricDescriptor
    let result: MetricValue

    init(_ id: String, unit: MetricUnit = .count, direction: MetricDirection = .higherIsBetter, _ result: MetricValue) {
        descriptor = MetricDescriptor(
            id: id, title: id, summary: "Fixed.", unit: unit, direction: direction, additive: false)
        self.result = result
    }

    func value(in context: MetricContext) -> MetricValue { result }
}

@Suite struct RegistryTests {
    @Test func duplicateIdsAreRejectedNamingBothPlugins() {
        #expect(throws: RegistryError.duplicateMetric(id: "x.a", plugins: ["one", "two"])) {
            try MetricRegistry(plugins: [
                MetricPlugin(name: "one", metrics: [FixedMetric("x.a", .count(1))]),
                MetricPlugin(name: "two", metrics: [FixedMetric("x.a", .count(2))]),
            ])
        }
        #expect(
            RegistryError.duplicateMetric(id: "x.a", plugins: ["one", "two"]).description
                == "metric id 'x.a' is defined by both 'one' and 'two'")
    }

    @Test(arguments: [
        "Revenue.total", "revenue", "revenue.total.extra", "revenue.", ".total", "revenue.to-tal", "1x.a", "x.Ünits",
    ])
    func malformedIdsAreRejected(id: String) {
        #expect(throws: RegistryError.self) {
            try MetricRegistry(plugins: [MetricPlugin(name: "p", metrics: [FixedMetric(id, .count(1))])])
        }
    }

    @Test func duplicatePluginNamesAreRejected() {
        #expect(throws: RegistryError.duplicatePlugin("p")) {
            try MetricRegistry(plugins: [MetricPlugin(name: "p", metrics: []), MetricPlugin(name: "p", metrics: [])])
        }
    }

    @Test func entriesAreSortedById() throws {
        let registry = try MetricRegistry(plugins: [
            MetricPlugin(name: "p", metrics: [FixedMetric("b.z", .count(1)), FixedMetric("a.b", .count(1))])
        ])
        #expect(registry.ids == ["a.b", "b.z"])
        #expect(registry.entry("a.b")?.plugin == "p")
        #expect(registry.entry("c.d") == nil)
    }
}

@Suite struct EngineTests {
    func dataset() throws -> Dataset {
        try DatasetBuilder()
            .organization("b").organization("a").organization("é").organization("e\u{301}")
            .financials("a", "2026-Q1").financials("a", "2026-Q2").financials("b", "2026-Q2")
            .financials("é", "2026-Q2").financials("e\u{301}", "2026-Q1")
            .target(nil, "x.count", "2026-Q2", 1).target("a", "x.count", "2026-Q2", 5)
            .target(nil, "x.count", "2027-Q1", 1)
            .build()
    }

    @Test func nonReportingOrganisationsAreNoDataWithoutAskingTheMetric() throws {
        let registry = try MetricRegistry(plugins: [
            MetricPlugin(name: "x", metrics: [FixedMetric("x.count", .count(3))])
        ])
        let results = try MetricEngine(registry: registry).run(on: dataset(), quarters: ["2026-Q1", "2026-Q2"])
        let rows = results.observations.map { "\($0.organization) \($0.quarter) \($0.value)" }
        // Ordered by org id in code-point order ("e\u{301}" < "é" byte-wise), then quarter.
        #expect(
            rows == [
                "a 2026-Q1 3.0", "a 2026-Q2 3.0", "b 2026-Q1 null (no_data)", "b 2026-Q2 3.0",
                "e\u{301} 2026-Q1 3.0", "e\u{301} 2026-Q2 null (no_data)", "é 2026-Q1 null (no_data)", "é 2026-Q2 3.0",
            ])
    }

    @Test func canonicallyEquivalentIdsStayDistinct() throws {
        let data = try dataset()
        #expect(data.organizations.count == 4)
        #expect(data.reports("é", in: "2026-Q2"))
        #expect(!data.reports("e\u{301}", in: "2026-Q2"))
    }

    @Test func targetsExpandGeneralRowsAndLetOwnRowsOverride() throws {
        let registry = try MetricRegistry(plugins: [
            MetricPlugin(name: "x", metrics: [FixedMetric("x.count", .count(3))])
        ])
        let results = try MetricEngine(registry: registry).run(on: dataset(), quarters: ["2026-Q1", "2026-Q2"])
        let rows = results.targets.map {
            "\($0.organization) \($0.quarter) \($0.target) \($0.met.map(String.init) ?? "nil")"
        }
        #expect(rows == ["a 2026-Q2 5 false", "b 2026-Q2 1 true", "e\u{301} 2026-Q2 1 nil", "é 2026-Q2 1 true"])
    }

    /// A metric whose value is the organisation's number and the quarter's, so that each observation says
    /// where it belongs.
    struct Positional: Metric {
        let descriptor: MetricDescriptor
        let scale: Double

        func value(in context: MetricContext) -> MetricValue {
            let number = Double(context.organization.id.rawValue.dropFirst())!
            return .number(scale * (number * 100 + Double(context.quarter.ordinal % 100)))
        }
    }

    /// Enough observations to be written in parts on every core (two metrics × 26,000 organisations × 4
    /// quarters): each is the one of its metric, organisation and quarter, in that order; targets (a
    /// general one, an organisation's own, one for a quarter outside the window, one for a metric with
    /// none) are those found by looking every observation up.
    @Test func observationsWrittenOnEveryCoreAreInOrderAndTargetsFound() throws {
        let quarters: [Quarter] = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        let count = 26_000
        let ids = (0..<count).map { Identifier("o\($0)") }
        let dataset = try Dataset(
            organizations: ids.map { Organization(id: $0, name: $0.rawValue) },
            financials: ids.enumerated().flatMap { index, id in
                quarters.filter { index % 7 != 3 || $0 != quarters[1] }.map {
                    QuarterFinancials(organization: id, quarter: $0)
                }
            },
            targets: [
                Target(organization: nil, metric: "x.b", quarter: "2026-Q2", value: 500),
                Target(organization: "o17", metric: "x.b", quarter: "2026-Q2", value: 2),
                Target(organization: "o5", metric: "x.a", quarter: "2026-Q4", value: 1),
                Target(organization: nil, metric: "x.b", quarter: "2027-Q1", value: 1),
                Target(organization: nil, metric: "x.none", quarter: "2026-Q1", value: 1),
            ])
        let metric = { (id: String, scale: Double) in
            Positional(
                descriptor: MetricDescriptor(
                    id: id, title: id, summary: "Where.", unit: .count, direction: .higherIsBetter, additive: false),
                scale: scale)
        }
        let registry = try MetricRegistry(plugins: [
            MetricPlugin(name: "x", metrics: [metric("x.b", 1), metric("x.a", -1)])
        ])
        let results = try MetricEngine(registry: registry).run(on: dataset, quarters: quarters)
        #expect(results.observations.count == 2 * count * quarters.count)
        var index = 0
        var misplaced = 0
        for (metricID, scale) in [("x.a", -1.0), ("x.b", 1.0)] {
            for organization in dataset.organizations {
                for quarter in quarters {
                    let observation = results.observations[index]
                    let number = Double(organization.id.rawValue.dropFirst())!
                    let expected: MetricValue =
                        dataset.reports(organization.id, in: quarter)
                        ? .number(scale * (number * 100 + Double(quarter.ordinal % 100))) : .null(.noData)
                    if observation.metric != metricID || observation.organization != organization.id
                        || observation.quarter != quarter || observation.value != expected
                    {
                        misplaced += 1
                    }
                    index += 1
                }
            }
        }
        #expect(misplaced == 0)
        // Every observation looked up in the targets, as the engine did before it looked up only the
        // metrics that have one.
        var chosen: [String: ExactDecimal] = [:]
        for target in dataset.targets where quarters.contains(target.quarter) && target.organization == nil {
            for organization in dataset.organizations {
                chosen["\(target.metric) \(organization.id) \(target.quarter)"] = target.value
            }
        }
        for target in dataset.targets where quarters.contains(target.quarter) {
            if let organization = target.organization {
                chosen["\(target.metric) \(organization) \(target.quarter)"] = target.value
            }
        }
        let expected = results.observations.compactMap { observation -> TargetResult? in
            guard let target = chosen["\(observation.metric) \(observation.organization) \(observation.quarter)"]
            else { return nil }
            return TargetResult(
                metric: observation.metric, organization: observation.organization, quarter: observation.quarter,
                target: target, value: observation.value,
                met: TargetResult.isMet(value: observation.value, target: target, direction: .higherIsBetter))
        }
        #expect(expected.count == count + 1)
        let same = results.targets == expected
        #expect(same)
    }

    @Test func targetsCompareByDirectionAndExactlyForMoney() {
        #expect(TargetResult.isMet(value: .money("0.05"), target: "0.05", direction: .higherIsBetter) == true)
        #expect(TargetResult.isMet(value: .money("0.049999"), target: "0.05", direction: .higherIsBetter) == false)
        #expect(TargetResult.isMet(value: .number(180), target: 180, direction: .lowerIsBetter) == true)
        #expect(TargetResult.isMet(value: .number(181), target: 180, direction: .lowerIsBetter) == false)
        #expect(TargetResult.isMet(value: .number(1), target: 0, direction: .neutral) == nil)
        #expect(TargetResult.isMet(value: .null(.noData), target: 0, direction: .higherIsBetter) == nil)
    }

    @Test func aMetricReturningTheWrongKindOfValueIsAnError() throws {
        let registry = try MetricRegistry(plugins: [
            MetricPlugin(name: "bad", metrics: [FixedMetric("bad.money", unit: .money, .number(1))])
        ])
        #expect(throws: EngineError.self) {
            try MetricEngine(registry: registry).run(on: dataset(), quarters: ["2026-Q2"])
        }
        // Among others that return what their units say, the one that does not is named, with its unit.
        let mixed = try MetricRegistry(plugins: [
            MetricPlugin(
                name: "bad",
                metrics: [
                    FixedMetric("a.money", unit: .money, .money(1)), FixedMetric("b.count", .money(2)),
                    FixedMetric("c.count", .count(3)),
                ])
        ])
        #expect(
            throws: EngineError.wrongValueKind(
                metric: "b.count", plugin: "bad", organization: "a", quarter: "2026-Q2", unit: .count)
        ) {
            try MetricEngine(registry: mixed).run(on: dataset(), quarters: ["2026-Q2"])
        }
        let nan = try MetricRegistry(plugins: [
            MetricPlugin(name: "bad", metrics: [FixedMetric("bad.nan", .number(.nan))])
        ])
        #expect(throws: EngineError.notFinite(metric: "bad.nan", plugin: "bad", organization: "a", quarter: "2026-Q2"))
        {
            try MetricEngine(registry: nan).run(on: dataset(), quarters: ["2026-Q2"])
        }
    }

    @Test func datasetRejectsDanglingReferences() {
        #expect(throws: DatasetError.unknownOrganization(table: "financials", id: "z")) {
            try DatasetBuilder().organization("a").financials("z", "2026-Q1").build()
        }
        #expect(throws: DatasetError.unknownPartner(id: "p")) {
            try DatasetBuilder().organization("a").engagement("a", "p", .event, started: "2026-01-01").build()
        }
        #expect(throws: DatasetError.duplicateOrganization("a")) {
            try DatasetBuilder().organization("a").organization("a").build()
        }
    }
}
