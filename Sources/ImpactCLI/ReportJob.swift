import ArgumentParser
import BuiltinMetrics
import Foundation
import ImpactCore
import ImpactFormula
import ImpactReport
import ImpactResults
import ImpactSources
import ImpactStore
import ImpactWorkspace

/// One `impact report` run, from the options given as plain values: made by `ReportCommand` from what
/// ArgumentParser parsed, or by `ReportArguments` without it (the first use of the command's property
/// wrappers was a third of a millisecond of an SMB report, profiled).
struct ReportJob: Sendable, Equatable {
    static let availableFormats = WorkspaceConfiguration.ReportDefaults.availableFormats
    static let defaultFormats = ["md", "html", "json"]

    var workspaceOptions: WorkspaceChoice
    var storeOptions: StoreChoice
    var asOf: String?
    var compute: ComputePlace
    var explain: Bool
    var quarter: String?
    var window: Int?
    var format: String?
    var out: String?
    var org: String?
    var eachOrg: Bool
    var includeMembers: Bool
    var k: Int?
    var locale: String?
    var generatedAt: String?

    func validate() throws {
        if let quarter, Quarter(quarter) == nil {
            throw ValidationError("Please give --quarter as a fiscal quarter such as 2026-Q3, not '\(quarter)'.")
        }
        if let window, !(1...400).contains(window) {
            throw ValidationError("Please give --window as a number of quarters from 1 to 400, not \(window).")
        }
        if let k, k < 3 {
            throw ValidationError("Please give --k of at least 3: smaller groups would expose members' figures.")
        }
        if let generatedAt, Timestamp.parse(generatedAt) == nil {
            throw ValidationError(
                "Please give --generated-at as \(Timestamp.accepted), not '\(generatedAt)'."
            )
        }
        if let locale, !LocaleTag.isWellFormed(locale) {
            throw ValidationError(
                "Please give --locale as a language tag such as en-US, de-DE or fr-FR, not '\(locale)'.")
        }
        if let locale, !LocaleTag.isKnown(locale) {
            throw ValidationError(
                "Please give --locale as a locale this build knows, such as en-US, de-DE or fr-FR: '\(locale)' is not one."
            )
        }
        if let format { _ = try Self.formats(format) }
        if eachOrg && org != nil { throw ValidationError("Please use either --org or --each-org, not both.") }
        if explain && compute != .inDatabase {
            throw ValidationError("--explain prints the SQL of --compute in-database; please add that option.")
        }
        if let asOf, RevisionSelector(asOf) == nil {
            throw ValidationError(
                "Please give --as-of as a revision number (1, 2, …) or a day YYYY-MM-DD, not '\(asOf)'.")
        }
    }

    /// Dates begin in the year 1: a window of quarters whose year before it (which growth and trailing
    /// metrics, formulas and plugins read) reaches before the year 1 — a mistyped `--quarter 0001-Q1`, or
    /// a fiscal year that starts in the year before the one it is named for — is refused, with the
    /// earliest quarter such a window can end with. (Nothing reaches past 9999: a fiscal year is named
    /// for the year it ends in, and `--quarter` has four digits.)
    static func checkWithinCalendar(_ quarters: [Quarter], _ calendar: FiscalCalendar) throws {
        guard let last = quarters.last else { return }
        let read = Quarter.window(endingWith: last, count: quarters.count + 4)
        guard calendar.firstDay(of: read[0]).components.year < 1 else { return }
        var earliestFirst = read[0]
        while calendar.firstDay(of: earliestFirst).components.year < 1 { earliestFirst = earliestFirst.adding(1) }
        let earliest = earliestFirst.adding(read.count - 1)
        let count = quarters.count
        let what =
            count == 1
            ? "quarter \(last) and the year before it" : "the \(count) quarters ending \(last) and the year before them"
        throw CLIError.failure(
            "\(what) (which growth metrics read) reach before the year 1, where dates begin; the earliest quarter \(count == 1 ? "a report" : "a window of \(count)") can end with is \(earliest): please give a later --quarter"
                + (count == 1 ? "" : " or a shorter --window"))
    }

    /// `text` without the spaces and tabs around it: the characters of Foundation's
    /// `CharacterSet.whitespaces` (as swift-corelibs-foundation defines it), checked against it in
    /// `ReportArgumentsTests`. Not Foundation's `trimmingCharacters(in:)`: its first use in a process
    /// (making the character set) was a fifth of the time an SMB report took to read its arguments
    /// (profiled).
    static func trimmingSpaces(_ text: Substring) -> Substring {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
            default: return false
            }
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return Substring(scalars[first...last])
    }

    static func formats(_ list: String) throws -> [String] {
        var formats: [String] = []
        for item in list.split(separator: ",") {
            let format = String(trimmingSpaces(item)).lowercased()
            guard availableFormats.contains(format) else {
                throw ValidationError(
                    "Please choose formats among \(availableFormats.joined(separator: ", ")), not '\(format)'.")
            }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { throw ValidationError("Please name at least one format in --format.") }
        return formats
    }

    /// The report without `--org`: the only organisation's, or the portfolio's.
    func overallReport(
        _ outputs: ReportOutputs, _ document: ResultsDocument, _ portfolio: Portfolio?, _ dataset: Dataset
    ) throws
        -> Report
    {
        if let portfolio {
            return try outputs.portfolioReport(document, portfolio: portfolio, includeMembers: includeMembers)
        }
        return try outputs.memberReport(document, dataset.organizations[0].id)
    }

    /// The data of the workspace's folder, or of its store as of a revision.
    func load(catalogue registry: MetricRegistry, workspace: Workspace) throws -> (
        dataset: Dataset, loaded: Workspace.Loaded, revision: (store: RevisionStore, number: Int)?
    ) {
        guard let location = try storeOptions.location(workspace) else {
            if asOf != nil {
                throw CLIError.usage("--as-of reads a store: give --store URL or set store: in impact.yml")
            }
            if compute == .inDatabase {
                throw CLIError.usage("--compute in-database needs a PostgreSQL store: give --store postgres://…")
            }
            let (dataset, loaded) = try workspaceOptions.load(catalogue: registry, workspace: workspace)
            return (dataset, loaded, nil)
        }
        let (calendar, currency) = workspaceOptions.settings(of: workspace)
        let store = try StoreHost.open(location)
        let loaded: Workspace.Loaded
        let snapshot: StoreSnapshot
        var leaving: Set<CanonicalTable> = []
        if compute == .inDatabase {
            if let reason = engagementsNeeded(registry) {
                StandardError.print("note: the engagements are read into the process: \(reason)")
            } else {
                leaving = [.engagements]
            }
        }
        do {
            snapshot = try store.read(asOf: asOf.flatMap(RevisionSelector.init), leavingInDatabase: leaving)
            try store.check(snapshot, calendar: calendar)
            loaded = Workspace.load(
                snapshot.rawTables(), inputs: snapshot.inputFiles, log: DiagnosticLog(),
                options: LoadOptions(calendar: calendar, currency: currency, knownMetrics: Set(registry.ids)))
        } catch {
            throw storeFailure(error)
        }
        for warning in loaded.log.warnings { StandardError.print("warning: \(warning)") }
        guard let dataset = loaded.dataset else { throw CLIError.invalidData(loaded.log.errors) }
        return (dataset, loaded, snapshot.revision.map { (store, $0.number) })
    }

    /// Which of the catalogue's declared metrics can be computed inside the database.
    static func pushdown(_ catalogue: MetricRegistry) -> DeclaredPushdown {
        DeclaredPushdown(
            catalogue.entries.compactMap { entry in
                (entry.metric as? DeclarativeMetric).map {
                    (id: $0.descriptor.id, money: $0.descriptor.unit == .money, formula: $0.arithmetic)
                }
            })
    }

    /// With `--compute in-database`, the engagements (by far the largest table) stay in the database when
    /// nothing in process reads them: every metric is computed there and no member report is written (a
    /// member's report shows its own partners). Otherwise the reason they are read.
    func engagementsNeeded(_ catalogue: MetricRegistry) -> String? {
        if org != nil || eachOrg { return "member reports show each member's partners" }
        let inDatabase = Set(InDatabaseQuery.metricIDs + Self.pushdown(catalogue).pushed.map(\.id))
        let inProcess = catalogue.ids.filter { !inDatabase.contains($0) }
        if !inProcess.isEmpty {
            return "metrics computed in process may read them (\(inProcess.joined(separator: ", ")))"
        }
        return nil
    }

    /// The built-in metrics computed inside the database, for the window and the four quarters before it
    /// (which formulas may look back to); nil when computing in process.
    func inDatabase(
        _ revision: (store: RevisionStore, number: Int)?, dataset: Dataset, quarters: [Quarter],
        catalogue: MetricRegistry
    ) throws -> (values: [String: [PrecomputedMetric.Key: MetricValue]], result: InDatabaseQuery.Result)? {
        guard compute == .inDatabase, let last = quarters.last, let revision else { return nil }
        guard let backend = revision.store.backend as? any InDatabaseBackend else {
            throw CLIError.usage(
                "--compute in-database needs a PostgreSQL store; \(revision.store.location) computes in process only")
        }
        let declared = Self.pushdown(catalogue)
        let query = InDatabaseQuery(
            revision: revision.number, calendar: dataset.calendar, currency: dataset.currency,
            window: (last.ordinal - quarters.count + 1)...last.ordinal, declared: declared)
        if explain {
            print(
                """
                -- The built-in metrics of \(revision.store.location), computed inside PostgreSQL, in one transaction:
                -- revision \(query.revision), base currency \(query.currency.code), quarters \(query.quarters.lowerBound) to \(query.quarters.upperBound) (\(Quarter(ordinal: query.quarters.lowerBound)) to \(Quarter(ordinal: query.quarters.upperBound)); a quarter is year × 4 + quarter − 1).
                BEGIN ISOLATION LEVEL REPEATABLE READ;

                \(query.statements.map { $0 + ";" }.joined(separator: "\n\n"))

                -- The observations, then the aggregates of every metric, quarter and group; disclosure control is
                -- applied to these in process, by the same code as for aggregates computed in process.
                SELECT metric, org, quarter, money, number, reason FROM \(InDatabaseQuery.observationTable);

                \(query.boundAggregatesSQL);

                -- What the portfolio report says about the members' engagements in the report quarter.
                \(query.networkSQL);

                COMMIT;
                """)
            throw ExitCode.success
        }
        let result: InDatabaseQuery.Result
        do {
            result = try backend.compute(query)
        } catch {
            throw storeFailure(error)
        }
        var table: [String: [PrecomputedMetric.Key: MetricValue]] = [:]
        for id in query.computedIDs { table[id] = [:] }
        for value in result.values {
            table[value.metric, default: [:]][
                PrecomputedMetric.Key(
                    organization: Identifier(value.organization), quarter: Quarter(ordinal: value.quarter))
            ] = value.metricValue
        }
        for (id, reason) in declared.inProcess {
            StandardError.print("note: '\(id)' is computed in process: \(reason)")
        }
        return (table, result)
    }

    func run() throws {
        Interruption.shared.install()
        try reportingErrors {
            let (workspace, _, currency) = try workspaceOptions.open()
            let defaults = workspace.configuration.report
            let formats =
                try format.map(Self.formats) ?? defaults.formats.map { try Self.formats($0.joined(separator: ",")) }
                ?? Self.defaultFormats
            let preparation = ReportOutputs.Preparation(
                workspace: workspace, locale: locale ?? workspace.configuration.locale ?? "en-US", currency: currency,
                formatting: eachOrg || formats.contains(where: ReportOutputs.needsReport))
            // Done before the process ends on any path (ICU is not to be in use on a thread while it exits).
            defer { preparation.finish() }
            let setup = try MetricSetup.start(workspace)
            defer { setup.shutdown() }
            let catalogue = try setup.catalogue()
            let (dataset, loaded, revision) = try load(catalogue: catalogue, workspace: workspace)
            ProcessLifetime.keep(dataset)  // used to the end; not freed engagement by engagement at exit

            guard
                let reportQuarter = quarter.flatMap({ Quarter($0) }) ?? defaults.quarter
                    ?? dataset.latestReportedQuarter
            else {
                throw CLIError.failure("no organisation reports in any quarter, so there is nothing to report")
            }
            var scope: Organization?
            if let org {
                guard let record = dataset.organization(Identifier(org)) else {
                    throw CLIError.failure("organisation '\(org)' is not in the organizations table")
                }
                scope = record
            }
            // A quarter nobody reports in is most likely a typo: the report is still written (it says
            // so), and the note names the latest quarter with data.
            let reporting = scope.map { [$0] } ?? dataset.organizations
            if !reporting.contains(where: { dataset.reports($0.id, in: reportQuarter) }) {
                let who = scope.map { "'\($0.id)' does not report" } ?? "no organisation reports"
                let latest = scope.map { dataset.reportedQuarters(of: $0.id).last } ?? dataset.latestReportedQuarter
                StandardError.print(
                    "warning: \(who) in \(reportQuarter); "
                        + (latest.map { "the latest quarter with data is \($0)" } ?? "it reports in no quarter"))
            }
            let quarters = Quarter.window(endingWith: reportQuarter, count: window ?? defaults.window ?? 8)
            try Self.checkWithinCalendar(quarters, dataset.calendar)
            let precomputed = try inDatabase(
                revision, dataset: dataset, quarters: quarters, catalogue: catalogue)
            let registry = try setup.registry(for: dataset, quarters: quarters, precomputed: precomputed?.values ?? [:])
            if let precomputed {
                let plugins = registry.entries.filter {
                    precomputed.values[$0.descriptor.id] == nil && !($0.metric is DeclarativeMetric)
                }
                if !plugins.isEmpty {
                    StandardError.print(
                        "note: computed in process, by their plugins: \(plugins.map(\.descriptor.id).joined(separator: ", "))"
                    )
                }
            }
            let results: MetricResults
            do {
                results = try MetricEngine(registry: registry).run(on: dataset, quarters: quarters)
            } catch {
                throw CLIError.failure("\(error)")
            }
            // --generated-at was checked in validate(), impact.yml's report.generated_at where it was read.
            let generated = generatedAt.flatMap(Timestamp.parse) ?? defaults.generatedAt ?? Date()
            var document = ResultsDocument(
                workspace: workspace.name, quarter: reportQuarter, results: results, calendar: dataset.calendar,
                currency: dataset.currency, generatedAt: Timestamp.format(generated),
                generator: .init(name: "impact", version: ImpactCommand.version), inputs: loaded.inputs,
                warnings: loaded.log.warnings)
            var portfolio: Portfolio?
            if dataset.organizations.count > 1 {
                let aggregator = PortfolioAggregator(k: k ?? defaults.k ?? 5)
                let aggregation: PortfolioAggregator.Scope =
                    scope.map { .member($0) } ?? (eachOrg ? .portfolioAndMembers : .portfolio)
                if let precomputed {
                    // The built-in metrics' statistics come from the database; those of metrics computed in
                    // process are computed here; the same disclosure control applies to both.
                    let descriptors = Dictionary(
                        registry.entries.map { ($0.descriptor.id, $0.descriptor) }, uniquingKeysWith: { a, _ in a })
                    let local = aggregator.summarize(
                        results, dataset: dataset,
                        metrics: Set(registry.ids.filter { precomputed.values[$0] == nil }))
                    portfolio = aggregator.disclose(
                        precomputed.result.groupSummaries(descriptors: descriptors) + local, results: results,
                        dataset: dataset, for: aggregation)
                } else {
                    portfolio = aggregator.aggregate(results, dataset: dataset, for: aggregation)
                }
            }
            document.aggregates = portfolio?.aggregates ?? []

            let outputs = try ReportOutputs(
                workspace: workspace, dataset: dataset, preparation: preparation, k: k ?? defaults.k ?? 5,
                network: precomputed?.result.network)
            let outDirectory = out ?? defaults.out ?? "out"
            let describe =
                "\(reportQuarter), \(quarters.count) quarter\(quarters.count == 1 ? "" : "s"), \(dataset.organizations.count) organisation\(dataset.organizations.count == 1 ? "" : "s")"

            if eachOrg {
                let batch = MemberBatch(
                    outputs: outputs, document: document, dataset: dataset, portfolio: portfolio, formats: formats,
                    directory: outDirectory)
                let summary = try batch.run()
                if summary.interrupted {
                    StandardError.print(
                        "interrupted: \(summary.written) of \(dataset.organizations.count) member reports written to \(outDirectory)/members; no partial folder was left and the portfolio report was not written"
                    )
                    throw ExitCode(130)
                }
                _ = try outputs.write(formats, document: document, to: outDirectory) {
                    try overallReport(outputs, document, portfolio, dataset)
                }
                var line =
                    "wrote \(summary.written) member report\(summary.written == 1 ? "" : "s") to \(outDirectory)/members and the portfolio report to \(outDirectory) (\(describe))"
                if !summary.withoutData.isEmpty {
                    let shown = summary.withoutData.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
                    line +=
                        "; \(summary.withoutData.count) without data in \(reportQuarter): \(shown)\(summary.withoutData.count > 10 ? ", …" : "")"
                }
                StandardError.print(line)
                return
            }

            if let scope { document = document.scoped(to: scope.id, portfolio: portfolio, dataset: dataset) }
            let final = document
            // Also used to the end: freed at exit, observation by observation, they were a tenth of the time
            // an SMB report took after its files were written (profiled).
            ProcessLifetime.keep(results)
            ProcessLifetime.keep(portfolio)
            ProcessLifetime.keep(final)
            let names = try outputs.write(formats, document: final, to: outDirectory) {
                try scope.map { try outputs.memberReport(final, $0.id) }
                    ?? overallReport(outputs, final, portfolio, dataset)
            }
            StandardError.print("wrote \(names.joined(separator: ", ")) to \(outDirectory) (\(describe))")
        }
    }
}
