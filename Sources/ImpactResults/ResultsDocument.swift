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
    public var aggregates: [Aggregate] = [] { didSet { encodedAggregates = nil } }
    /// The aggregates' lines of results.json when they were encoded once for many member documents;
    /// parallel to `aggregates` (setting those drops them).
    private var encodedAggregates: [[UInt8]]?
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
            to: organization, observations: Self.picked(results.observations, of: organization) { $0.organization },
            targets: Self.picked(results.targets, of: organization) { $0.organization }, portfolio: portfolio,
            record: dataset?.organization(organization))
    }

    /// The elements of one organisation, each copied only once found: `filter` copied every element (its
    /// texts retained and released again) to test it, most of making a member's document (profiled).
    private static func picked<Element>(
        _ elements: [Element], of organization: Identifier, _ owner: (Element) -> Identifier
    ) -> [Element] {
        var picked: [Element] = []
        elements.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where owner(buffer[index]) == organization { picked.append(buffer[index]) }
        }
        return picked
    }

    /// The same, with the member's observations and targets already picked out (for batches), and the
    /// lines of the portfolio's aggregates (`encode(portfolio.aggregates)`) when encoded once for all.
    public func scoped(
        to organization: Identifier, observations: [Observation], targets: [TargetResult], portfolio: Portfolio?,
        record: Organization?, encodedAggregates: [[UInt8]]? = nil
    ) -> ResultsDocument {
        var copy = self
        copy.scope = organization
        copy.results = MetricResults(
            quarters: results.quarters, metrics: results.metrics, observations: observations, targets: targets)
        copy.warnings = warnings.filter { $0.organization == nil || $0.organization == organization }
        if let portfolio, let record {
            let positions = portfolio.publishedAggregatePositions(for: record)
            copy.aggregates = positions.map { portfolio.aggregates[$0] }
            if let encodedAggregates {
                precondition(encodedAggregates.count == portfolio.aggregates.count, "lines of other aggregates")
                copy.encodedAggregates = positions.map { encodedAggregates[$0] }
            }
            copy.benchmarks = portfolio.benchmarks(for: record, observations: observations)
        } else {
            copy.aggregates = []
            copy.benchmarks = []
        }
        return copy
    }

    /// The document as text (the same bytes as `utf8`).
    public var text: String { String(decoding: utf8, as: UTF8.self) }

    /// The results file's bytes (UTF-8), keys in contract order, as written.
    ///
    /// Written member by member and record by record straight into bytes: a portfolio's document holds
    /// millions of observations, and building it as a `JSONValue` tree first held hundreds of megabytes
    /// and was most of the cost of a member report batch (profiled).
    public var utf8: [UInt8] {
        var writer = JSONWriter.TopLevel(capacity: 200 * results.observations.count + 4096)
        write(&writer)
        return writer.finish()
    }

    /// The same bytes handed to `drain` 64 kB or so at a time, in order, never held whole: a
    /// portfolio's results.json (227 MB at full size) was held whole beside the parts it was joined from,
    /// the peak memory at the end of a portfolio report (measured).
    public func write(drain: @escaping (UnsafeRawBufferPointer) -> Void) {
        var writer = JSONWriter.TopLevel(capacity: 200 * results.observations.count + 4096, drain: drain)
        write(&writer)
        _ = writer.finish()
    }

    private func write(_ writer: inout JSONWriter.TopLevel) {
        writer.member("schema", .string(Self.schema))
        writer.member("workspace", .string(workspace))
        writer.member("quarter", .string(quarter.description))
        writer.member("quarters", .array(results.quarters.map { .string($0.description) }))
        writer.member("fiscal_year_start_month", .int(calendar.startMonth))
        writer.member("currency", .string(currency.code))
        writer.member("generated_at", .string(generatedAt))
        writer.member(
            "generator", .object([("name", .string(generator.name)), ("version", .string(generator.version))]))
        writer.array("inputs", inputs) { JSONWriter.write(Self.json($0), into: &$1) }
        writer.array("metrics", results.metrics) { JSONWriter.write(Self.json($0), into: &$1) }
        writer.array("observations", parallel: results.observations, Self.write)
        if let encodedAggregates {
            writer.array("aggregates", encodedAggregates) { $1 += $0 }
        } else {
            writer.array("aggregates", aggregates, Self.write)
        }
        writer.array("targets", results.targets, Self.write)
        writer.array("benchmarks", benchmarks, Self.write)
        writer.array("warnings", warnings) { JSONWriter.write(Self.json($0), into: &$1) }
    }

    /// Each aggregate as its line of results.json, for member documents that share them.
    public static func encode(_ aggregates: [Aggregate]) -> [[UInt8]] {
        aggregates.map { aggregate in
            var line: [UInt8] = []
            write(aggregate, into: &line)
            return line
        }
    }

    public static func json(_ input: InputFile) -> JSONValue {
        .object([
            ("source", .string(input.source)), ("table", .string(input.table)), ("rows", .int(input.rows)),
            ("sha256", input.sha256.map { .string($0) } ?? .null),
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

    /// `{"metric": …, "org": …, "quarter": …`: how an observation's and a target's lines start.
    static func writeStart(_ metric: String, _ organization: Identifier, _ quarter: Quarter, into out: inout [UInt8]) {
        JSONWriter.append(#"{"metric": "#, to: &out)
        JSONWriter.writeString(metric, into: &out)
        JSONWriter.append(#", "org": "#, to: &out)
        JSONWriter.writeString(organization.rawValue, into: &out)
        JSONWriter.append(#", "quarter": "#, to: &out)
        writeQuarter(quarter, into: &out)
    }

    /// A quarter as a JSON string (`"2026-Q3"`, as `description`), its digits written straight into the
    /// bytes: `description` made a string for each of two million observations (profiled).
    static func writeQuarter(_ quarter: Quarter, into out: inout [UInt8]) {
        let year = quarter.fiscalYear
        guard (1...9_999).contains(year), (1...4).contains(quarter.number) else {
            return JSONWriter.writeString(quarter.description, into: &out)
        }
        out.append(UInt8(ascii: "\""))
        JSONWriter.writeDigits(UInt64(year), count: 4, into: &out)
        JSONWriter.append("-Q", to: &out)
        out.append(UInt8(ascii: "0") + UInt8(quarter.number))
        out.append(UInt8(ascii: "\""))
    }

    static func write(_ observation: Observation, into out: inout [UInt8]) {
        writeStart(observation.metric, observation.organization, observation.quarter, into: &out)
        JSONWriter.append(#", "value": "#, to: &out)
        write(observation.value, into: &out)
        if let reason = observation.value.nullReason {
            JSONWriter.append(#", "reason": "#, to: &out)
            JSONWriter.writeString(reason.rawValue, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func write(_ target: TargetResult, into out: inout [UInt8]) {
        writeStart(target.metric, target.organization, target.quarter, into: &out)
        JSONWriter.append(#", "target": "#, to: &out)
        JSONWriter.writeDecimal(target.target, into: &out)
        JSONWriter.append(#", "value": "#, to: &out)
        write(target.value, into: &out)
        JSONWriter.append(#", "met": "#, to: &out)
        JSONWriter.append(target.met.map { $0 ? "true" : "false" } ?? "null", to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// `{}` for the portfolio, else `{"dimension": "value"}`.
    static func write(_ group: PortfolioGroup, into out: inout [UInt8]) {
        guard let dimension = group.dimension, let value = group.value else {
            JSONWriter.append("{}", to: &out)
            return
        }
        out.append(UInt8(ascii: "{"))
        JSONWriter.writeString(dimension.rawValue, into: &out)
        JSONWriter.append(": ", to: &out)
        JSONWriter.writeString(value.rawValue, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// `{"metric": …, "quarter": …, "group": …`: how an aggregate's and a benchmark's lines start.
    static func writeStart(_ metric: String, _ quarter: Quarter, _ group: PortfolioGroup, into out: inout [UInt8]) {
        JSONWriter.append(#"{"metric": "#, to: &out)
        JSONWriter.writeString(metric, into: &out)
        JSONWriter.append(#", "quarter": "#, to: &out)
        writeQuarter(quarter, into: &out)
        JSONWriter.append(#", "group": "#, to: &out)
        write(group, into: &out)
    }

    static func write(_ aggregate: Aggregate, into out: inout [UInt8]) {
        writeStart(aggregate.metric, aggregate.quarter, aggregate.group, into: &out)
        JSONWriter.append(#", "members": "#, to: &out)
        JSONWriter.writeInt(aggregate.members, into: &out)
        JSONWriter.append(#", "n": "#, to: &out)
        JSONWriter.writeInt(aggregate.n, into: &out)
        if let rule = aggregate.suppressed {
            JSONWriter.append(#", "suppressed": "#, to: &out)
            JSONWriter.writeString(rule.rawValue, into: &out)
        } else if let statistics = aggregate.statistics {
            if let sum = statistics.sum {
                JSONWriter.append(#", "sum": "#, to: &out)
                write(sum, into: &out)
            }
            JSONWriter.append(#", "mean": "#, to: &out)
            JSONWriter.writeDouble(statistics.mean, into: &out)
            JSONWriter.append(#", "p25": "#, to: &out)
            JSONWriter.writeDouble(statistics.p25, into: &out)
            JSONWriter.append(#", "median": "#, to: &out)
            JSONWriter.writeDouble(statistics.median, into: &out)
            JSONWriter.append(#", "p75": "#, to: &out)
            JSONWriter.writeDouble(statistics.p75, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func write(_ benchmark: Benchmark, into out: inout [UInt8]) {
        writeStart(benchmark.metric, benchmark.quarter, benchmark.group, into: &out)
        JSONWriter.append(#", "n": "#, to: &out)
        JSONWriter.writeInt(benchmark.n, into: &out)
        JSONWriter.append(#", "median": "#, to: &out)
        JSONWriter.writeDouble(benchmark.median, into: &out)
        JSONWriter.append(#", "percentile_rank": "#, to: &out)
        JSONWriter.writeDouble(benchmark.percentileRank, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// A value as results.json writes it.
    public static func value(_ value: MetricValue) -> JSONValue {
        var text: [UInt8] = []
        write(value, into: &text)
        return value.isNull ? .null : .number(String(decoding: text, as: UTF8.self))
    }

    /// Money as its exact decimal, other values as doubles, null as null.
    static func write(_ value: MetricValue, into out: inout [UInt8]) {
        switch value {
        case .money(let amount): JSONWriter.writeDecimal(amount, into: &out)
        case .number(let number): JSONWriter.writeDouble(number, into: &out)
        case .null: JSONWriter.append("null", to: &out)
        }
    }

    static func json(_ warning: Diagnostic) -> JSONValue {
        .object([
            ("source", .string(warning.source)), ("row", warning.row.map { .int($0) } ?? .null),
            ("message", .string(warning.detail)),
        ])
    }
}
