import ImpactCore

/// The machine-readable results of a report run (`impact-results/1`), as written to `results.json`.
public struct ResultsDocument: Sendable {
    public static let schema = "impact-results/1"

    public var workspace: String
    public var quarter: Quarter
    public var results: MetricResults
    public var calendar: FiscalCalendar
    public var currency: Currency
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    public var generatedAt: String
    public var generator: Generator
    /// Sorted by source.
    public var inputs: [InputFile]
    /// In the order found (by source, then row).
    public var warnings: [Diagnostic]
    /// Aggregates after disclosure control: all of them for a portfolio, the published ones of its groups
    /// for a member.
    public var aggregates: [Aggregate] = []
    /// A member's standing in its groups; empty without a scope.
    public var benchmarks: [Benchmark] = []
    /// The organisation a member's results are scoped to; nil for the whole workspace.
    public private(set) var scope: Identifier?

    /// The program that wrote the results.
    public struct Generator: Sendable, Hashable {
        public let name: String
        public let version: String

        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    public init(
        workspace: String, quarter: Quarter, results: MetricResults, calendar: FiscalCalendar, currency: Currency,
        generatedAt: String, generator: Generator, inputs: [InputFile], warnings: [Diagnostic]
    ) {
        self.workspace = workspace
        self.quarter = quarter
        self.results = results
        self.calendar = calendar
        self.currency = currency
        self.generatedAt = generatedAt
        self.generator = generator
        self.inputs = inputs
        self.warnings = warnings
    }

    /// A member's results: only its observations and targets, only warnings about it or about no
    /// organisation in particular, the published aggregates of its groups and its benchmarks.
    public func scoped(to organization: Identifier, portfolio: Portfolio? = nil, dataset: Dataset? = nil)
        -> ResultsDocument
    {
        scoped(
            to: organization, observations: results.observations.filter { $0.organization == organization },
            targets: results.targets.filter { $0.organization == organization }, portfolio: portfolio,
            record: dataset?.organization(organization))
    }

    /// The same, with the member's observations and targets already picked out (for batches).
    public func scoped(
        to organization: Identifier, observations: [Observation], targets: [TargetResult], portfolio: Portfolio?,
        record: Organization?
    ) -> ResultsDocument {
        var copy = self
        copy.scope = organization
        copy.results = MetricResults(
            quarters: results.quarters, metrics: results.metrics, observations: observations, targets: targets)
        copy.warnings = warnings.filter { $0.organization == nil || $0.organization == organization }
        if let portfolio, let record {
            copy.aggregates = portfolio.publishedAggregates(for: record)
            copy.benchmarks = portfolio.benchmarks(for: record, observations: observations)
        } else {
            copy.aggregates = []
            copy.benchmarks = []
        }
        return copy
    }

    /// The document as JSON, keys in contract order.
    public var json: JSONValue {
        .object([
            ("schema", .string(Self.schema)),
            ("workspace", .string(workspace)),
            ("quarter", .string(quarter.description)),
            ("quarters", .array(results.quarters.map { .string($0.description) })),
            ("fiscal_year_start_month", .int(calendar.startMonth)),
            ("currency", .string(currency.code)),
            ("generated_at", .string(generatedAt)),
            ("generator", .object([("name", .string(generator.name)), ("version", .string(generator.version))])),
            ("inputs", .array(inputs.map(Self.json))),
            ("metrics", .array(results.metrics.map(Self.json))),
            ("observations", .array(results.observations.map(Self.json))),
            ("aggregates", .array(aggregates.map(Self.json))),
            ("targets", .array(results.targets.map(Self.json))),
            ("benchmarks", .array(benchmarks.map(Self.json))),
            ("warnings", .array(warnings.map(Self.json))),
        ])
    }

    /// The document as text (the same bytes as `utf8`).
    public var text: String { JSONWriter.document(json) }

    /// The results file's bytes (UTF-8), as written.
    public var utf8: [UInt8] { JSONWriter.documentUTF8(json) }

    public static func json(_ input: InputFile) -> JSONValue {
        .object([
            ("source", .string(input.source)), ("table", .string(input.table)), ("rows", .int(input.rows)),
            ("sha256", .string(input.sha256)),
        ])
    }

    static func json(_ entry: MetricRegistry.Entry) -> JSONValue {
        let descriptor = entry.descriptor
        return .object([
            ("id", .string(descriptor.id)), ("title", .string(descriptor.title)),
            ("unit", .string(descriptor.unit.rawValue)), ("direction", .string(descriptor.direction.rawValue)),
            ("additive", .bool(descriptor.additive)), ("plugin", .string(entry.plugin)),
            ("iris", descriptor.iris.map { .string($0) } ?? .null),
        ])
    }

    static func json(_ observation: Observation) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("metric", .string(observation.metric)), ("org", .string(observation.organization.rawValue)),
            ("quarter", .string(observation.quarter.description)), ("value", value(observation.value)),
        ]
        if let reason = observation.value.nullReason { members.append(("reason", .string(reason.rawValue))) }
        return .object(members)
    }

    static func json(_ target: TargetResult) -> JSONValue {
        .object([
            ("metric", .string(target.metric)), ("org", .string(target.organization.rawValue)),
            ("quarter", .string(target.quarter.description)), ("target", .number(target.target.description)),
            ("value", value(target.value)), ("met", target.met.map { .bool($0) } ?? .null),
        ])
    }

    static func json(_ group: PortfolioGroup) -> JSONValue {
        guard let dimension = group.dimension, let value = group.value else { return .object([]) }
        return .object([(dimension.rawValue, .string(value.rawValue))])
    }

    static func json(_ aggregate: Aggregate) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("metric", .string(aggregate.metric)), ("quarter", .string(aggregate.quarter.description)),
            ("group", json(aggregate.group)), ("members", .int(aggregate.members)), ("n", .int(aggregate.n)),
        ]
        if let rule = aggregate.suppressed {
            members.append(("suppressed", .string(rule.rawValue)))
        } else if let statistics = aggregate.statistics {
            if let sum = statistics.sum { members.append(("sum", value(sum))) }
            members += [
                ("mean", .double(statistics.mean)), ("p25", .double(statistics.p25)),
                ("median", .double(statistics.median)), ("p75", .double(statistics.p75)),
            ]
        }
        return .object(members)
    }

    static func json(_ benchmark: Benchmark) -> JSONValue {
        .object([
            ("metric", .string(benchmark.metric)), ("quarter", .string(benchmark.quarter.description)),
            ("group", json(benchmark.group)), ("n", .int(benchmark.n)), ("median", .double(benchmark.median)),
            ("percentile_rank", .double(benchmark.percentileRank)),
        ])
    }

    static func json(_ warning: Diagnostic) -> JSONValue {
        .object([
            ("source", .string(warning.source)), ("row", warning.row.map { .int($0) } ?? .null),
            ("message", .string(warning.detail)),
        ])
    }

    /// Money as its exact decimal, other values as doubles, null as null.
    public static func value(_ value: MetricValue) -> JSONValue {
        switch value {
        case .money(let amount): return .number(amount.description)
        case .number(let number): return .double(number)
        case .null: return .null
        }
    }
}
