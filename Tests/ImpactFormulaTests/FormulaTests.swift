import BuiltinMetrics
import ImpactCore
import Testing

@testable import ImpactFormula

/// The formula language case by case: each operator and function, null propagation, offsets in time,
/// aggregations with filters, and each class of error with the column where it is reported.
@Suite struct FormulaTests {
    /// acme (sector C) reports 2025-Q2…2026-Q2; 2026-Q1 has no operating costs; revenue 0 in 2025-Q4.
    static func dataset() throws -> Dataset {
        try DatasetBuilder()
            .organization("acme", sector: "C")
            .financials("acme", "2025-Q2", revenue: 400, operatingCosts: 100)
            .financials("acme", "2025-Q3", revenue: 450, operatingCosts: 100)
            .financials("acme", "2025-Q4", revenue: 0, operatingCosts: 100)
            .financials("acme", "2026-Q1", revenue: 500)
            .financials("acme", "2026-Q2", revenue: "600.50", operatingCosts: 200, ecosystemRevenue: 60)
            .partner("agency", .government, name: "Agency", sector: "O").partner("bank", .financial, sector: "K")
            .partner("uni", .research, sector: "P")
            .engagement("acme", "agency", .grant, started: "2026-04-10", value: 1_000)
            .engagement("acme", "agency", .grant, started: "2026-05-10", value: "250.25")
            .engagement("acme", "bank", .loan, started: "2026-06-30", value: 5_000)
            .engagement("acme", "uni", .jointProject, started: "2025-01-01")
            .engagement("acme", "uni", .training, started: "2026-03-31", ended: "2026-04-02", value: 10)
            .launch("acme", "a", started: "2026-01-01", launched: "2026-04-11", ecosystemSupported: true)
            .launch("acme", "b", started: "2026-01-01", launched: "2026-06-30")
            .build()
    }

    static let builtins = BuiltinPlugins.all.flatMap(\.metrics)

    func evaluate(_ formula: String, unit: MetricUnit = .ratio, quarter: Quarter = "2026-Q2") throws -> MetricValue {
        let definition = DeclarativeMetricDefinition(
            id: "test.formula", title: "T", summary: "T.", unit: unit, direction: .neutral, additive: false,
            formula: formula)
        let plugin = try DeclarativeMetrics.build([definition], known: Self.builtins).get()
        let registry = try MetricRegistry(plugins: BuiltinPlugins.all + [plugin])
        let results = try MetricEngine(registry: registry).run(
            on: Self.dataset(), quarters: [quarter], metricIDs: ["test.formula"])
        return results.observations[0].value
    }

    func failure(_ formula: String, unit: MetricUnit = .ratio) -> FormulaError? {
        let definition = DeclarativeMetricDefinition(
            id: "test.formula", title: "T", summary: "T.", unit: unit, direction: .neutral, additive: false,
            formula: formula)
        guard case .failure(let errors) = DeclarativeMetrics.build([definition], known: Self.builtins) else {
            return nil
        }
        return errors.errors.first?.error
    }

    @Test(arguments: [
        ("1 + 2 * 3", MetricValue.number(7)), ("(1 + 2) * 3", .number(9)), ("10 / 4", .number(2.5)),
        ("-3 + 1", .number(-2)),
        ("7 - 2 - 1", .number(4)), ("min(3, 1, 2)", .number(1)), ("max(3, 1, 2)", .number(3)),
        ("abs(-4.5)", .number(4.5)),
        ("if(2 > 1, 10, 20)", .number(10)), ("if(2 < 1, 10, 20)", .number(20)),
        ("if(1 = 1 and 2 != 3, 1, 0)", .number(1)),
        ("if(1 >= 2 or 2 <= 2, 1, 0)", .number(1)), ("if(not (1 = 1), 1, 0)", .number(0)),
        ("coalesce(cost.operating[q-1], 7)", .number(7)), ("coalesce(cost.operating, 7)", .number(200)),
        ("revenue.total[q-4] / 100", .number(4)), ("revenue.total - revenue.total[q-1]", .number(100.5)),
        ("revenue.ecosystem_share * 100", .number(9.99167360532889)),
        ("count(engagements where kind = \"grant\")", .number(2)),
        ("count(engagements where kind = \"grant\" and partner.actor_type = \"government\")", .number(2)),
        ("count(active_engagements)", .number(5)), ("distinct(active_engagements.partner_id)", .number(3)),
        ("distinct(engagements.partner.actor_type)", .number(2)), ("mean(launches.days)", .number(140)),
        ("median(launches.days where ecosystem_supported)", .number(100)),
        ("count(launches where days > 150)", .number(1)),
        ("if(organization.sector = \"C\", 1, 0)", .number(1)),
        ("count(engagements where started_on >= started_on)", .number(3)),
        ("sum(financials.revenue) / sum(financials.operating_costs)", .number(3.0025)),
    ])
    func numbersAndOperators(formula: String, expected: MetricValue) throws {
        #expect(try evaluate(formula).isClose(to: expected), "\(formula)")
    }

    @Test(arguments: [
        (
            "sum(engagements.value where kind = \"grant\" and partner.actor_type = \"government\")",
            MetricValue.money("1250.25")
        ),
        ("sum(engagements.value)", .money("6250.25")), ("revenue.total + 0.5 * revenue.total", .money("900.75")),
        ("revenue.total / 2", .money("300.25")), ("max(revenue.total, revenue.total[q-1])", .money("600.5")),
        ("sum(active_engagements.value where partner.sector = \"P\")", .money(10)),
        ("coalesce(revenue.total[q-8], revenue.total)", .money("600.5")),
    ])
    func moneyStaysExact(formula: String, expected: MetricValue) throws {
        #expect(try evaluate(formula, unit: .money) == expected, "\(formula)")
    }

    @Test(arguments: [
        ("revenue.total / cost.operating[q-1]", MetricValue.null(.noData), "2026-Q2"),  // q-1 has no operating costs
        ("revenue.total / revenue.total[q-2]", .null(.zeroBase), "2026-Q2"),  // 2025-Q4 revenue is 0
        ("1 / 0", .null(.zeroBase), "2026-Q2"),
        ("revenue.total[q-8] / 100", .null(.noData), "2026-Q2"),  // not reporting then
        ("if(cost.operating > 1, 1, 0)", .null(.noData), "2026-Q1"),
        ("abs(cost.operating)", .null(.noData), "2026-Q1"),
        ("mean(launches.days)", .null(.noData), "2025-Q3"),  // no launches: no mean
        ("sum(financials.operating_costs)", .null(.noData), "2026-Q1"),  // an unknown cell
        ("revenue.growth_qoq + 1", .null(.zeroBase), "2026-Q1"),  // the referenced metric's own reason
    ])
    func nullsPropagateWithTheirReason(formula: String, expected: MetricValue, quarter: String) throws {
        #expect(try evaluate(formula, quarter: Quarter(quarter)!) == expected, "\(formula)")
    }

    @Test func aggregatesOverNoRowsAreZero() throws {
        #expect(try evaluate("count(engagements)", quarter: "2025-Q3") == .number(0))
        #expect(try evaluate("sum(engagements.value)", unit: .money, quarter: "2025-Q3") == .money(0))
    }

    @Test(arguments: [
        ("1 +", FormulaError.Kind.syntax, 4), ("(1 + 2", .syntax, 7), ("revenue.total[q-x]", .syntax, 17),
        ("1 $ 2", .syntax, 3), ("\"open", .syntax, 1), ("foo(1)", .syntax, 1), ("revenue", .syntax, 1),
        ("", .syntax, 1), ("1 2", .syntax, 3),
        ("revenue.totl + 1", .unknownMetric, 1), ("2 * jobs.created[q-4]", .unknownMetric, 5),
        ("count(engagements where knd = \"grant\")", .unknownColumn, 25), ("sum(engagement.value)", .unknownColumn, 1),
        ("sum(engagements.valeu)", .unknownColumn, 1), ("organization.size", .unknownColumn, 1),
        ("count(engagements where partner.kind = \"x\")", .unknownColumn, 25),
        ("count(engagements where kind = \"grnt\")", .unknownValue, 32),
        ("count(active_engagements where \"Grant\" != kind)", .unknownValue, 32),
        ("sum(engagements.value where partner.actor_type = \"university\")", .unknownValue, 50),
        ("if(organization.size_band = \"tiny\", 1, 0)", .unknownValue, 29),
        ("1 + \"a\"", .type, 3), ("revenue.total * revenue.total", .type, 15), ("if(1, 2, 3)", .type, 4),
        ("sum(engagements.kind)", .type, 1), ("count(engagements where value)", .type, 25), ("not 1", .type, 1),
        ("1 = \"a\"", .type, 3), ("revenue.total + 1", .type, 15), ("1 < 2", .type, 1),
    ])
    func errorsNameTheirColumn(formula: String, kind: FormulaError.Kind, column: Int) throws {
        let error = try #require(failure(formula))
        #expect(error.kind == kind, "\(formula): \(error)")
        #expect(error.column == column, "\(formula): \(error)")
    }

    @Test func moneyUnitNeedsAMoneyFormula() throws {
        let error = try #require(failure("revenue.growth_qoq", unit: .money))
        #expect(error.kind == .type)
        #expect(error.description == "formula column 1: the unit is money but the formula gives number")
    }

    @Test func declarativeMetricsMayUseEachOtherButNotInACycle() throws {
        let a = DeclarativeMetricDefinition(
            id: "w.a", title: "A", summary: "A.", unit: .count, direction: .neutral, additive: false, formula: "w.b + 1"
        )
        let b = DeclarativeMetricDefinition(
            id: "w.b", title: "B", summary: "B.", unit: .count, direction: .neutral, additive: false,
            formula: "count(engagements)")
        let plugin = try DeclarativeMetrics.build([a, b], known: Self.builtins).get()
        let registry = try MetricRegistry(plugins: [plugin])
        let results = try MetricEngine(registry: registry).run(on: Self.dataset(), quarters: ["2026-Q2"])
        #expect(results.observations.map(\.value) == [.number(4), .number(3)])

        let loop = DeclarativeMetricDefinition(
            id: "w.b", title: "B", summary: "B.", unit: .count, direction: .neutral, additive: false, formula: "2 * w.a"
        )
        guard case .failure(let errors) = DeclarativeMetrics.build([a, loop], known: Self.builtins) else {
            Issue.record("a cycle was accepted")
            return
        }
        #expect(errors.errors.first?.error.kind == .cycle)
    }
}
