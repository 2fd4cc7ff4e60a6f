import Foundation
import ImpactCore
import ImpactFormula

/// The built-in metrics and their aggregates as SQL over a store's tables, for PostgreSQL 15: the data
/// as of a revision is staged as typed temporary tables (ids trimmed, enums lower-cased, periods and
/// dates turned into fiscal quarter ordinals, amounts converted to the base currency half to even as at
/// load, monthly financials summed into complete quarters); every metric of METRICS.md is computed for
/// every reporting organisation and quarter, with its null reason, into `impact_observation`; then the
/// aggregates of every metric, quarter and group. This is the one place the SQL is written; `impact
/// report --explain` prints it.
///
/// In the text `$1` is the revision, `$2` the base currency code, `$3` and `$4` the first and last
/// quarter ordinals; `statements` and `boundAggregatesSQL` write them in as literals. The observation
/// columns are `metric`, `org`, `quarter` (ordinal), `money` (exact, as text), `number` (double
/// precision) and `reason`.
public struct InDatabaseQuery: Sendable {
    public let revision: Int
    public let calendar: FiscalCalendar
    public let currency: Currency
    /// The quarters computed: the report window, the four quarters before it (which formulas computed in
    /// process may look back to) and as far as the pushed-down formulas reach.
    public let quarters: ClosedRange<Int>
    /// The report quarter (the last of the window), as an ordinal.
    public let reportQuarter: Int
    public let declared: DeclaredPushdown

    public init(
        revision: Int, calendar: FiscalCalendar, currency: Currency, window: ClosedRange<Int>,
        declared: DeclaredPushdown = DeclaredPushdown()
    ) {
        self.revision = revision
        self.calendar = calendar
        self.currency = currency
        self.declared = declared
        self.quarters = (window.lowerBound - 4 - declared.lookback)...(window.upperBound + declared.lookahead)
        self.reportQuarter = window.upperBound
    }

    /// The built-in metrics, which the query always computes.
    public static let metricIDs: [String] = metrics.map(\.id)

    /// Every metric the query computes: the built-in ones and the declared ones pushed down.
    public var computedIDs: [String] { Self.metricIDs + declared.pushed.map(\.id) }

    /// One statement per declared metric pushed down, run after the observations table is made: each
    /// adds that metric's rows, computed from the rows already there.
    public var declaredSQL: [String] {
        var money = Dictionary(Self.metrics.map { ($0.id, $0.money) }, uniquingKeysWith: { a, _ in a })
        return declared.pushed.map { metric in
            let aliases = metric.formula.references
            // Checked when it was pushed down.
            let compiled = try! Self.compile(metric.formula, money: money, aliases: aliases)
            money[metric.id] = metric.money
            let joins = aliases.enumerated().map { index, reference in
                "LEFT JOIN \(Self.observationTable) r\(index) ON r\(index).metric = '\(reference.id)' AND r\(index).org = g.org AND r\(index).quarter = g.quarter + (\(reference.offset))"
            }.joined(separator: "\n  ")
            let value = "CASE WHEN (\(compiled.reason)) IS NULL THEN \(compiled.value) END"
            return """
                INSERT INTO \(Self.observationTable) (metric, org, quarter, money, number, reason)
                SELECT '\(metric.id)', g.org, g.quarter, \(compiled.money ? "(\(value))::text" : "NULL"), \(compiled.money ? "NULL" : "(\(value))::float8"), \(compiled.reason)
                FROM (SELECT DISTINCT org, quarter FROM \(Self.observationTable)) g
                  \(joins)
                """
        }
    }

    /// A formula as SQL over the joined references `r0`, `r1`… (in the order of `aliases`): its value,
    /// whether it is money, and its null reason (NULL when it has a value), with the evaluator's rules.
    static func compile(
        _ formula: ArithmeticFormula, money: [String: Bool], aliases: [(id: String, offset: Int)]
    ) throws(ArithmeticUnsupported) -> (value: String, money: Bool, reason: String) {
        switch formula {
        case .metric(let id, let offset):
            guard let isMoney = money[id] else { throw ArithmeticUnsupported("it refers to '\(id)'") }
            let index = aliases.firstIndex { $0.id == id && $0.offset == offset } ?? 0
            return (
                isMoney ? "r\(index).money::numeric" : "r\(index).number", isMoney,
                "CASE WHEN r\(index).metric IS NULL THEN 'no_data' ELSE r\(index).reason END"
            )
        case .number(let number):
            return ("(\(number))::float8", false, "NULL")
        case .negate(let operand):
            let inner = try compile(operand, money: money, aliases: aliases)
            return ("(-(\(inner.value)))", inner.money, inner.reason)
        case .binary(let op, let left, let right):
            let a = try compile(left, money: money, aliases: aliases)
            let b = try compile(right, money: money, aliases: aliases)
            let reasons = "COALESCE(\(a.reason), \(b.reason)"
            switch op {
            case "+", "-":
                if a.money && b.money { return ("(\(a.value) \(op) \(b.value))", true, reasons + ")") }
                return ("((\(a.value))::float8 \(op) (\(b.value))::float8)", false, reasons + ")")
            case "*":
                guard !a.money && !b.money else {
                    throw ArithmeticUnsupported(
                        "it multiplies money by a number, which the evaluator rounds to 6 decimals (not pushed down)")
                }
                return ("(\(a.value) * \(b.value))", false, reasons + ")")
            default:
                guard !(a.money && !b.money) else {
                    throw ArithmeticUnsupported(
                        "it divides money by a number, which the evaluator rounds to 6 decimals (not pushed down)")
                }
                return (
                    "((\(a.value))::float8 / (\(b.value))::float8)", false,
                    reasons + ", CASE WHEN (\(b.value)) = 0 THEN 'zero_base' END)"
                )
            }
        }
    }

    /// A value the database computed.
    public struct Value: Sendable {
        public let metric: String
        public let organization: String
        public let quarter: Int
        public let money: String?
        public let number: Double?
        public let reason: String?

        public init(
            metric: String, organization: String, quarter: Int, money: String?, number: Double?, reason: String?
        ) {
            self.metric = metric
            self.organization = organization
            self.quarter = quarter
            self.money = money
            self.number = number
            self.reason = reason
        }

        /// As the engine's value.
        public var metricValue: MetricValue {
            if let reason { return .null(NullReason(rawValue: reason)) }
            if let money, let amount = ExactDecimal(money) { return .money(amount) }
            if let number { return .number(number) }
            return .null(.noData)
        }
    }

    /// The statistics of one metric, quarter and group, before disclosure control.
    public struct Summary: Sendable {
        public let metric: String
        public let quarter: Int
        /// Empty for the whole portfolio.
        public let dimension: String
        public let value: String
        public let members: Int
        public let n: Int
        /// The exact sum of a money metric's values, as text.
        public let moneyTotal: String?
        /// The sum of another metric's values.
        public let numberTotal: Double?
        public let p25: Double?
        public let median: Double?
        public let p75: Double?
        public let dominated: Bool

        public init(
            metric: String, quarter: Int, dimension: String, value: String, members: Int, n: Int, moneyTotal: String?,
            numberTotal: Double?, p25: Double?, median: Double?, p75: Double?, dominated: Bool
        ) {
            self.metric = metric
            self.quarter = quarter
            self.dimension = dimension
            self.value = value
            self.members = members
            self.n = n
            self.moneyTotal = moneyTotal
            self.numberTotal = numberTotal
            self.p25 = p25
            self.median = median
            self.p75 = p75
            self.dominated = dominated
        }
    }

    /// What the database computed: every value, and the summaries of every group.
    public struct Result: Sendable {
        public let values: [Value]
        public let summaries: [Summary]
        /// The members' engagements in the report quarter, for the portfolio report's network section.
        public let network: NetworkSummary?

        public init(values: [Value], summaries: [Summary], network: NetworkSummary? = nil) {
            self.values = values
            self.summaries = summaries
            self.network = network
        }
    }

    /// One row of `networkSQL`: `kind` is `reach` (key: a partner id), `ties` (key: an actor type) or
    /// `engaged` (key empty); `members` counts reporting members, `engagements` active engagements.
    public struct NetworkRow: Sendable {
        public let kind: String
        public let key: String
        public let members: Int
        public let engagements: Int

        public init(kind: String, key: String, members: Int, engagements: Int) {
            self.kind = kind
            self.key = key
            self.members = members
            self.engagements = engagements
        }
    }

    /// What the portfolio report says about the members' engagements in the report quarter, over the
    /// staged tables: partners by the reporting members they reach, cross-sector
    /// ties by the partner's actor type, and the reporting members with an active engagement. Rule 7 of
    /// disclosure control (names only from k members) is applied by the report, as for in-process data.
    public var networkSQL: String {
        """
        WITH
        reporting AS (
          SELECT o.org_no, o.sector FROM impact_t_financial f JOIN impact_t_organization o ON o.org = f.org
          WHERE f.q = \(reportQuarter)),
        active AS (
          SELECT a.org_no, r.sector AS own, p.partner, p.actor_type, p.sector AS theirs
          FROM impact_t_active a JOIN reporting r ON r.org_no = a.org_no
          JOIN impact_t_partner p ON p.partner_no = a.partner_no WHERE a.q = \(reportQuarter))
        SELECT 'reach', partner, count(DISTINCT org_no), count(*) FROM active GROUP BY partner
        UNION ALL
        SELECT 'ties', actor_type, count(DISTINCT org_no), count(*) FROM active
        WHERE own IS NOT NULL AND theirs IS NOT NULL AND own <> theirs GROUP BY actor_type
        UNION ALL
        SELECT 'engaged', '', count(DISTINCT org_no), count(*) FROM active
        """
    }

    /// The network summary from the rows of `networkSQL`.
    public func networkSummary(_ rows: [NetworkRow]) -> NetworkSummary {
        var reach: [Identifier: Int] = [:]
        var ties: [ActorType: NetworkSummary.Ties] = [:]
        var engaged = 0
        for row in rows {
            switch row.kind {
            case "reach": reach[Identifier(row.key)] = row.members
            case "ties":
                if let type = ActorType(rawValue: row.key) {
                    ties[type] = .init(members: row.members, engagements: row.engagements)
                }
            default: engaged = row.members
            }
        }
        return NetworkSummary(
            quarter: Quarter(ordinal: reportQuarter), reach: reach, ties: ties, engagedMembers: engaged)
    }

    /// The name of the temporary table the observations are kept in for the aggregates.
    public static let observationTable = "impact_observation"

    /// The aggregates of the observations in `observationTable`: for every metric, quarter and group with a
    /// reporting member, the number of values, their sum (exact for money), type-7 quartiles (as
    /// `percentile_cont`) and whether the two largest money values exceed 85 % of the sum. Disclosure
    /// control is applied to these in process, by the same code as for in-process aggregates.
    public var aggregatesSQL: String {
        let table = Self.observationTable
        let metricList = computedIDs.map { "('\($0)')" }.joined(separator: ", ")
        let dimensions = ["cohort", "region", "sector", "size_band"].map {
            "SELECT org, '\($0)', \($0) FROM member WHERE \($0) IS NOT NULL"
        }.joined(separator: "\n      UNION ALL ")
        return """
            WITH
            member AS (
              SELECT \(trim("o.org_id")) AS org, NULLIF(\(trim("o.cohort")), '') AS cohort,
                     NULLIF(\(trim("o.region")), '') AS region, NULLIF(\(trim("o.sector")), '') AS sector,
                     NULLIF(lower(\(trim("o.size_band"))), '') AS size_band
              FROM \(live("organizations", "o"))),
            membership AS (
              SELECT org, '' AS dimension, '' AS value FROM member
              UNION ALL \(dimensions)),
            reporting AS (
              SELECT DISTINCT org, quarter FROM \(table)),
            members AS (
              SELECT m.dimension, m.value, r.quarter, count(*) AS members
              FROM reporting r JOIN membership m ON m.org = r.org GROUP BY m.dimension, m.value, r.quarter),
            ranked AS (
              SELECT o.metric, o.quarter, m.dimension, m.value, o.money::numeric AS money,
                     COALESCE(o.number, o.money::numeric::float8) AS x,
                     row_number() OVER (
                       PARTITION BY o.metric, o.quarter, m.dimension, m.value ORDER BY o.money::numeric DESC) AS rank
              FROM \(table) o JOIN membership m ON m.org = o.org WHERE o.reason IS NULL),
            stats AS (
              SELECT metric, quarter, dimension, value, count(*) AS n, sum(money) AS money_total,
                     sum(x) AS number_total,
                     percentile_cont(0.25) WITHIN GROUP (ORDER BY x) AS p25,
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS median,
                     percentile_cont(0.75) WITHIN GROUP (ORDER BY x) AS p75,
                     sum(money) FILTER (WHERE rank <= 2) AS top_two
              FROM ranked GROUP BY metric, quarter, dimension, value)
            SELECT k.metric, g.quarter, g.dimension, g.value, g.members, COALESCE(s.n, 0) AS n,
                   s.money_total::text AS money_total, s.number_total, s.p25, s.median, s.p75,
                   COALESCE(s.n >= 2 AND s.money_total <> 0 AND s.top_two * 100 > s.money_total * 85, false) AS dominated
            FROM members g CROSS JOIN (VALUES \(metricList)) AS k(metric)
            LEFT JOIN stats s
              ON s.metric = k.metric AND s.quarter = g.quarter AND s.dimension = g.dimension AND s.value = g.value
            ORDER BY k.metric, g.quarter, g.dimension, g.value
            """
    }

    // MARK: The SQL

    /// One metric: its id, the SQL of its value (money or number, by unit) and of its null reason (NULL
    /// when it has a value), over the columns of the `facts` row.
    struct MetricSQL {
        let id: String
        let money: Bool
        let value: String
        let reason: String
    }

    /// `CASE` arms of a null reason, checked in the order written; the value is used otherwise.
    private static func reason(_ arms: [(String, String)]) -> String {
        "CASE " + arms.map { "WHEN \($0.0) THEN '\($0.1)'" }.joined(separator: " ") + " END"
    }

    static let metrics: [MetricSQL] = [
        MetricSQL(id: "revenue.total", money: true, value: "rev", reason: reason([("rev IS NULL", "no_data")])),
        MetricSQL(
            id: "revenue.growth_qoq", money: false, value: "(rev - rev1)::float8 / rev1::float8",
            reason: reason([("rev IS NULL OR rev1 IS NULL", "no_data"), ("rev1 = 0", "zero_base")])),
        MetricSQL(
            id: "revenue.growth_yoy", money: false, value: "(rev - rev4)::float8 / rev4::float8",
            reason: reason([("rev IS NULL OR rev4 IS NULL", "no_data"), ("rev4 = 0", "zero_base")])),
        MetricSQL(
            id: "revenue.trailing_4q", money: true, value: "rev + rev1 + rev2 + rev3",
            reason: reason([("rev IS NULL OR rev1 IS NULL OR rev2 IS NULL OR rev3 IS NULL", "no_data")])),
        MetricSQL(
            id: "revenue.ecosystem_share", money: false, value: "eco::float8 / rev::float8",
            reason: reason([("rev IS NULL OR eco IS NULL", "no_data"), ("rev = 0", "zero_base")])),
        MetricSQL(id: "cost.operating", money: true, value: "costs", reason: reason([("costs IS NULL", "no_data")])),
        MetricSQL(id: "cost.savings", money: true, value: "savings", reason: reason([("savings IS NULL", "no_data")])),
        MetricSQL(
            id: "cost.savings_rate", money: false, value: "savings::float8 / (costs + savings)::float8",
            reason: reason([("costs IS NULL OR savings IS NULL", "no_data"), ("costs + savings = 0", "zero_base")])),
        MetricSQL(id: "time_to_market.launches", money: false, value: "launches", reason: "NULL"),
        MetricSQL(
            id: "time_to_market.median_days", money: false, value: "median_days",
            reason: reason([("launches = 0", "no_launches")])),
        MetricSQL(
            id: "time_to_market.p85_days", money: false, value: "p85_days",
            reason: reason([("launches = 0", "no_launches")])),
        MetricSQL(
            id: "time_to_market.median_days_4q", money: false, value: "median_days_4q",
            reason: reason([("launches_4q = 0", "no_launches")])),
        MetricSQL(
            id: "time_to_market.ecosystem_gain_days_4q", money: false, value: "median_unsupported - median_supported",
            reason: reason([("median_unsupported IS NULL OR median_supported IS NULL", "no_launches")])),
        MetricSQL(id: "partners.active", money: false, value: "active", reason: "NULL"),
        MetricSQL(id: "partners.new", money: false, value: "new_partners", reason: "NULL"),
        MetricSQL(
            id: "partners.actor_type_diversity", money: false, value: "actor_type_diversity",
            reason: reason([("active = 0", "no_partners")])),
        MetricSQL(
            id: "partners.sector_diversity", money: false, value: "sector_diversity",
            reason: reason([("active = 0", "no_partners"), ("known_sector = 0", "no_data")])),
        MetricSQL(
            id: "partners.cross_sector_share", money: false, value: "cross_sector::float8 / known_sector::float8",
            reason: reason([
                ("own_sector IS NULL", "no_data"), ("active = 0", "no_partners"), ("known_sector = 0", "no_data"),
            ])),
        MetricSQL(
            id: "partners.value_hhi", money: false, value: "value_hhi",
            reason: reason([("COALESCE(value_total, 0) = 0", "zero_base")])),
        MetricSQL(
            id: "partners.top_partner_share", money: false, value: "value_top::float8 / value_total::float8",
            reason: reason([("COALESCE(value_total, 0) = 0", "zero_base")])),
        MetricSQL(id: "funding.raised", money: true, value: "raised", reason: "NULL"),
        MetricSQL(id: "funding.grants", money: true, value: "grants", reason: "NULL"),
        MetricSQL(id: "funding.investors", money: false, value: "investors", reason: "NULL"),
        MetricSQL(id: "knowledge.research_collaborations", money: false, value: "research", reason: "NULL"),
        MetricSQL(id: "knowledge.talent_placements", money: false, value: "talent", reason: "NULL"),
    ]

    /// Rows of `table` live at revision `$1`, as `alias`.
    private func live(_ table: String, _ alias: String) -> String {
        "impact_\(table) \(alias) WHERE \(alias).added_in <= $1 AND (\(alias).removed_in IS NULL OR \(alias).removed_in > $1)"
    }

    /// A field trimmed of spaces and tabs, as validation trims it.
    private func trim(_ column: String) -> String { "btrim(\(column), E' \\t')" }

    /// The fiscal quarter ordinal (year × 4 + quarter − 1) of a calendar month given by year and month.
    private func monthQuarter(year: String, month: String) -> String {
        let start = calendar.startMonth
        let shift = start == 1 ? "" : " + CASE WHEN \(month) >= \(start) THEN 1 ELSE 0 END"
        return "((\(year))\(shift)) * 4 + ((\(month)) - \(start) + 12) % 12 / 3"
    }

    /// The fiscal quarter ordinal of a date.
    private func dateQuarter(_ date: String) -> String {
        monthQuarter(
            year: "EXTRACT(YEAR FROM \(date))::int", month: "EXTRACT(MONTH FROM \(date))::int")
    }

    /// The fiscal quarter ordinal of a trimmed period text `t` (a quarter in any accepted form, or a month).
    private func periodQuarter(_ t: String) -> String {
        """
        CASE WHEN \(t) ~ '^[0-9]{4}-[0-9]{2}$' THEN \(monthQuarter(year: "substr(\(t), 1, 4)::int", month: "substr(\(t), 6, 2)::int"))
                 WHEN \(t) ~* '^[0-9]{4}-?q[1-4]$' THEN substr(\(t), 1, 4)::int * 4 + right(\(t), 1)::int - 1
                 WHEN \(t) ~* '^q[1-4] [0-9]{4}$' THEN right(\(t), 4)::int * 4 + substr(\(t), 2, 1)::int - 1 END
        """
    }

    /// An amount in `currency` converted at `rate` into the base currency, rounded half to even to its
    /// minor unit (PostgreSQL's `round` rounds half away from zero, so the tie is handled here).
    private func converted(_ amount: String, currency: String, rate: String) -> String {
        let digits = self.currency.minorUnitDigits
        let half = "0." + String(repeating: "0", count: digits) + "5"
        let scale = "1" + String(repeating: "0", count: digits)
        return """
            CASE WHEN \(amount) IS NULL THEN NULL WHEN \(currency) = $2 THEN \(amount) ELSE (SELECT CASE WHEN abs(v - trunc(v, \(digits))) = \(half) AND mod(trunc(v, \(digits)) * \(scale), 2) = 0 THEN trunc(v, \(digits)) ELSE round(v, \(digits)) END FROM (SELECT \(amount) * \(rate) AS v) AS product) END
            """
    }

    /// The whole query.
    /// The statements, in order: typed tables of the revision's data (with statistics, so that the planner
    /// sizes its joins), then the observations table, then one statement per declared metric pushed down.
    /// Parameters are written in as literals (numbers, and a validated currency code), so that what
    /// `--explain` prints runs as it is.
    public var statements: [String] {
        (stagingSQL + [observationSQL] + declaredSQL).map(bound)
    }

    /// The aggregates statement with its parameters written in.
    public var boundAggregatesSQL: String { bound(aggregatesSQL) }

    /// Writes the parameters in.
    private func bound(_ sql: String) -> String {
        sql.replacingOccurrences(of: "$4", with: String(quarters.upperBound))
            .replacingOccurrences(of: "$3", with: String(quarters.lowerBound))
            .replacingOccurrences(of: "$2", with: "'\(currency.code)'")
            .replacingOccurrences(of: "$1", with: String(revision))
    }

    var stagingSQL: [String] {
        let money = ["revenue", "operating_costs", "ecosystem_revenue", "cost_savings"]
        let typedMoney = money.map { "NULLIF(\(trim("f.\($0)")), '')::numeric AS \($0)" }.joined(separator: ", ")
        let convertedMoney = money.map {
            converted("r.\($0)", currency: "r.currency", rate: "fx.rate") + " AS \($0)"
        }.joined(separator: ",\n         ")
        let summedMonths = money.map { "CASE WHEN count(\($0)) = 3 THEN sum(\($0)) END" }.joined(separator: ", ")
        // Each table gets its statistics at once, so that the statements after it join it sensibly.
        func table(_ name: String, _ body: String) -> [String] {
            ["CREATE TEMPORARY TABLE impact_t_\(name) ON COMMIT DROP AS\n\(body)", "ANALYZE impact_t_\(name)"]
        }
        return [
            table(
                "organization",
                """
                SELECT \(trim("o.org_id")) AS org, NULLIF(\(trim("o.sector")), '') AS sector,
                       row_number() OVER () AS org_no
                FROM \(live("organizations", "o"))
                """),
            table(
                "partner",
                """
                SELECT \(trim("p.partner_id")) AS partner, lower(\(trim("p.actor_type"))) AS actor_type,
                       NULLIF(\(trim("p.sector")), '') AS sector, row_number() OVER () AS partner_no
                FROM \(live("partners", "p"))
                """),
            table(
                "fx",
                """
                SELECT upper(\(trim("x.currency"))) AS currency, \(periodQuarter(trim("x.period"))) AS q,
                       \(trim("x.rate"))::numeric AS rate
                FROM \(live("fx_rates", "x"))
                """),
            table(
                "financial",
                """
                WITH
                financial_row AS (
                  SELECT \(trim("f.org_id")) AS org, \(periodQuarter(trim("f.period"))) AS q,
                         \(trim("f.period")) ~ '^[0-9]{4}-[0-9]{2}$' AS is_month,
                         COALESCE(NULLIF(upper(\(trim("f.currency"))), ''), $2) AS currency, \(typedMoney)
                  FROM \(live("financials", "f"))),
                financial_converted AS (
                  SELECT r.org, r.q, r.is_month,
                         \(convertedMoney)
                  FROM financial_row r LEFT JOIN impact_t_fx fx ON fx.currency = r.currency AND fx.q = r.q)
                SELECT org, q, revenue, operating_costs, ecosystem_revenue, cost_savings
                FROM financial_converted WHERE NOT is_month
                UNION ALL
                SELECT org, q, \(summedMonths)
                FROM financial_converted WHERE is_month GROUP BY org, q HAVING count(*) = 3
                """),
            table(
                "engagement",
                """
                WITH engagement_row AS (
                  SELECT \(trim("e.org_id")) AS org, \(trim("e.partner_id")) AS partner, lower(\(trim("e.kind"))) AS kind,
                         \(trim("e.started_on"))::date AS started, NULLIF(\(trim("e.ended_on")), '')::date AS ended,
                         NULLIF(\(trim("e.value")), '')::numeric AS value,
                         COALESCE(NULLIF(upper(\(trim("e.currency"))), ''), $2) AS currency
                  FROM \(live("engagements", "e")))
                SELECT o.org_no, p.partner_no, r.kind, \(dateQuarter("r.started")) AS sq,
                       CASE WHEN r.ended IS NULL THEN NULL ELSE \(dateQuarter("r.ended")) END AS eq,
                       COALESCE(\(converted("r.value", currency: "r.currency", rate: "fx.rate")), 0) AS value
                FROM engagement_row r
                JOIN impact_t_organization o ON o.org = r.org
                JOIN impact_t_partner p ON p.partner = r.partner
                LEFT JOIN impact_t_fx fx ON fx.currency = r.currency AND fx.q = \(dateQuarter("r.started"))
                """),
            table(
                "launch",
                """
                SELECT \(trim("l.org_id")) AS org, \(dateQuarter("NULLIF(\(trim("l.launched_on")), '')::date")) AS q,
                       NULLIF(\(trim("l.launched_on")), '')::date - \(trim("l.started_on"))::date AS days,
                       lower(\(trim("l.ecosystem_supported"))) IN ('true', 'yes', '1') AS supported
                FROM \(live("launches", "l")) AND \(trim("l.launched_on")) <> ''
                """),
            // Each engagement once per quarter of the window in which it is active.
            table(
                "active",
                """
                SELECT e.org_no, a.q, e.partner_no, e.kind
                FROM impact_t_engagement e CROSS JOIN LATERAL generate_series(
                  GREATEST(e.sq, $3), LEAST(COALESCE(e.eq, $4), $4)) AS a(q)
                """),
        ].flatMap { $0 }
    }

    /// The observations: facts per reporting organisation and quarter, unpivoted into one row per metric.
    var observationSQL: String {
        let unpivot = Self.metrics.map { metric in
            // The value only where there is no null reason: a zero denominator must not be divided by.
            let guarded = "CASE WHEN (\(metric.reason)) IS NULL THEN \(metric.value) END"
            let value = metric.money ? "(\(guarded))::text, NULL::float8" : "NULL::text, (\(guarded))::float8"
            return "('\(metric.id)', \(value), \(metric.reason))"
        }.joined(separator: ",\n    ")
        return """
            CREATE TEMPORARY TABLE \(Self.observationTable) ON COMMIT DROP AS
            WITH
            grid AS (
              SELECT f.org, o.org_no, f.q
              FROM impact_t_financial f JOIN impact_t_organization o ON o.org = f.org WHERE f.q BETWEEN $3 AND $4),
            -- Set-based from here: every figure is one GROUP BY over (organisation, quarter), joined to the grid,
            -- so the work grows with the rows, not with rows × organisations. Organisations and partners are
            -- joined by number.
            active_partner AS (
              SELECT d.org_no, d.q, p.actor_type, p.sector
              FROM (SELECT DISTINCT org_no, q, partner_no FROM impact_t_active) d
              JOIN impact_t_partner p ON p.partner_no = d.partner_no),
            -- Partners counted once per organisation, quarter and category; every partner figure comes from these.
            by_actor_type AS (
              SELECT org_no, q, actor_type, count(*) AS c FROM active_partner GROUP BY org_no, q, actor_type),
            by_sector AS (
              SELECT org_no, q, sector, count(*) AS c
              FROM active_partner WHERE sector IS NOT NULL GROUP BY org_no, q, sector),
            actor_type_diversity AS (
              SELECT org_no, q, sum(c) AS active, exp(-sum(share * ln(share))) AS actor_type_diversity FROM (
                SELECT org_no, q, c, c::float8 / sum(c) OVER (PARTITION BY org_no, q) AS share FROM by_actor_type) s
              GROUP BY org_no, q),
            sector_diversity AS (
              SELECT s.org_no, s.q, sum(s.c) AS known_sector, sum(s.c) FILTER (WHERE s.sector <> o.sector) AS cross_sector,
                     exp(-sum(s.share * ln(s.share))) AS sector_diversity
              FROM (SELECT org_no, q, sector, c, c::float8 / sum(c) OVER (PARTITION BY org_no, q) AS share FROM by_sector) s
              JOIN impact_t_organization o ON o.org_no = s.org_no GROUP BY s.org_no, s.q),
            research AS (
              SELECT a.org_no, a.q, count(*) AS research
              FROM impact_t_active a JOIN impact_t_partner p ON p.partner_no = a.partner_no
              WHERE a.kind IN ('joint_project', 'license') AND p.actor_type = 'research' GROUP BY a.org_no, a.q),
            new_partner AS (
              SELECT org_no, q, count(*) AS new_partners FROM (
                SELECT org_no, partner_no, min(sq) AS q FROM impact_t_engagement GROUP BY org_no, partner_no) f
              WHERE q BETWEEN $3 AND $4 GROUP BY org_no, q),
            partner_value AS (
              SELECT org_no, sq AS q, sum(value) AS v
              FROM impact_t_engagement WHERE sq BETWEEN $3 AND $4 GROUP BY org_no, sq, partner_no),
            concentration AS (
              SELECT org_no, q, sum(v) AS value_total, max(v) AS value_top,
                     10000 * sum((v::float8 / NULLIF(total, 0)) ^ 2) AS value_hhi
              FROM (SELECT org_no, q, v, sum(v) OVER (PARTITION BY org_no, q)::float8 AS total FROM partner_value) b
              GROUP BY org_no, q),
            funding AS (
              SELECT org_no, sq AS q,
                     sum(value) FILTER (WHERE kind IN ('grant', 'investment', 'loan')) AS raised,
                     sum(value) FILTER (WHERE kind = 'grant') AS grants,
                     count(DISTINCT partner_no) FILTER (WHERE kind IN ('grant', 'investment', 'loan')) AS investors,
                     count(*) FILTER (WHERE kind = 'talent') AS talent
              FROM impact_t_engagement WHERE sq BETWEEN $3 AND $4 GROUP BY org_no, sq),
            launch_quarter AS (
              SELECT org, q, count(*) AS launches,
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days,
                     percentile_cont(0.85) WITHIN GROUP (ORDER BY days) AS p85_days
              FROM impact_t_launch WHERE q BETWEEN $3 AND $4 GROUP BY org, q),
            launch_year AS (
              SELECT g.org, g.q, count(*) AS launches_4q,
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY l.days) AS median_days_4q,
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY l.days) FILTER (WHERE l.supported) AS median_supported,
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY l.days) FILTER (WHERE NOT l.supported)
                       AS median_unsupported
              FROM grid g JOIN impact_t_launch l ON l.org = g.org AND l.q BETWEEN g.q - 3 AND g.q GROUP BY g.org, g.q),
            facts AS (
              SELECT g.org, g.q, f.revenue AS rev, f1.revenue AS rev1, f2.revenue AS rev2, f3.revenue AS rev3,
                     f4.revenue AS rev4, f.ecosystem_revenue AS eco, f.operating_costs AS costs,
                     f.cost_savings AS savings, o.sector AS own_sector,
                     COALESCE(lq.launches, 0) AS launches, lq.median_days, lq.p85_days,
                     COALESCE(ly.launches_4q, 0) AS launches_4q, ly.median_days_4q, ly.median_supported,
                     ly.median_unsupported,
                     COALESCE(ad.active, 0) AS active, COALESCE(sd.known_sector, 0) AS known_sector,
                     COALESCE(sd.cross_sector, 0) AS cross_sector, ad.actor_type_diversity, sd.sector_diversity,
                     COALESCE(np.new_partners, 0) AS new_partners, c.value_total, c.value_top, c.value_hhi,
                     COALESCE(fu.raised, 0) AS raised, COALESCE(fu.grants, 0) AS grants,
                     COALESCE(fu.investors, 0) AS investors, COALESCE(fu.talent, 0) AS talent,
                     COALESCE(r.research, 0) AS research
              FROM grid g
              JOIN impact_t_financial f ON f.org = g.org AND f.q = g.q
              JOIN impact_t_organization o ON o.org = g.org
              LEFT JOIN impact_t_financial f1 ON f1.org = g.org AND f1.q = g.q - 1
              LEFT JOIN impact_t_financial f2 ON f2.org = g.org AND f2.q = g.q - 2
              LEFT JOIN impact_t_financial f3 ON f3.org = g.org AND f3.q = g.q - 3
              LEFT JOIN impact_t_financial f4 ON f4.org = g.org AND f4.q = g.q - 4
              LEFT JOIN launch_quarter lq ON lq.org = g.org AND lq.q = g.q
              LEFT JOIN launch_year ly ON ly.org = g.org AND ly.q = g.q
              LEFT JOIN actor_type_diversity ad ON ad.org_no = g.org_no AND ad.q = g.q
              LEFT JOIN sector_diversity sd ON sd.org_no = g.org_no AND sd.q = g.q
              LEFT JOIN new_partner np ON np.org_no = g.org_no AND np.q = g.q
              LEFT JOIN concentration c ON c.org_no = g.org_no AND c.q = g.q
              LEFT JOIN funding fu ON fu.org_no = g.org_no AND fu.q = g.q
              LEFT JOIN research r ON r.org_no = g.org_no AND r.q = g.q)
            SELECT m.metric, facts.org, facts.q AS quarter,
                   CASE WHEN m.reason IS NULL THEN m.money END AS money,
                   CASE WHEN m.reason IS NULL THEN m.number END AS number, m.reason
            FROM facts CROSS JOIN LATERAL (VALUES
                \(unpivot)
            ) AS m(metric, money, number, reason)
            """
    }
}

extension InDatabaseQuery.Result {
    /// The summaries as the core's, ready for `PortfolioAggregator.disclose`; metrics not in
    /// `descriptors` are left out.
    public func groupSummaries(descriptors: [String: MetricDescriptor]) -> [GroupSummary] {
        summaries.compactMap { summary -> GroupSummary? in
            guard let descriptor = descriptors[summary.metric] else { return nil }
            let group: PortfolioGroup
            if summary.dimension.isEmpty {
                group = .portfolio
            } else {
                guard let dimension = PortfolioGroup.Dimension(rawValue: summary.dimension) else { return nil }
                group = PortfolioGroup(dimension, Identifier(summary.value))
            }
            let total: MetricValue =
                descriptor.unit == .money
                ? .money(summary.moneyTotal.flatMap { ExactDecimal($0) } ?? .zero)
                : .number(summary.numberTotal ?? 0)
            var statistics: Aggregate.Statistics?
            if summary.n > 0, let p25 = summary.p25, let median = summary.median, let p75 = summary.p75 {
                statistics = Aggregate.Statistics(
                    sum: descriptor.additive ? total : nil, mean: (total.doubleValue ?? 0) / Double(summary.n),
                    p25: p25,
                    median: median, p75: p75)
            }
            return GroupSummary(
                metric: summary.metric, quarter: Quarter(ordinal: summary.quarter), group: group,
                members: summary.members, n: summary.n, statistics: statistics, total: total,
                dominated: summary.dominated)
        }
    }
}
