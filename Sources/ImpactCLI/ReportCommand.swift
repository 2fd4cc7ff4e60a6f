import ArgumentParser

/// `impact report`: computes the metrics and writes the requested formats. What it parses is a
/// `ReportJob`, which does the work (and which `ReportArguments` makes without ArgumentParser).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Compute the metrics of a workspace and write the report files.")

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @OptionGroup var storeOptions: StoreOptions

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "With a store: read revision N, or the last revision recorded on or before a UTC day (default: the latest).",
            valueName: "N|YYYY-MM-DD"))
    var asOf: String?

    @Option(
        help: ArgumentHelp(
            "Where the built-in metrics are computed: in-process, or in-database (a PostgreSQL store).",
            valueName: "in-process|in-database"))
    var compute: ComputePlace = .inProcess

    @Flag(help: "With --compute in-database: print the SQL and its parameters instead of reporting.")
    var explain = false

    @Option(help: "The report quarter, YYYY-Qn (default: the latest quarter in which an organisation reports).")
    var quarter: String?

    @Option(help: "Quarters shown, ending with the report quarter (default 8).")
    var window: Int?

    @Option(help: "Comma-separated formats to write: md, html, json, csv, pdf (default md,html,json).")
    var format: String?

    @Option(help: "The output folder, created if missing (default: out).")
    var out: String?

    @Option(help: "The report of one organisation, by org_id.")
    var org: String?

    @Flag(
        name: .customLong("each-org"), help: "One report per organisation in OUT/members/, plus the portfolio report.")
    var eachOrg = false

    @Flag(name: .customLong("include-members"), help: "Add a table of every member's figures to the portfolio report.")
    var includeMembers = false

    @Option(help: "Minimum group size for disclosure control, at least 3 (default 5).")
    var k: Int?

    @Option(help: "Number and date formatting in md/html, e.g. en-US, de-DE, fr-FR (default en-US).")
    var locale: String?

    @Option(
        name: .customLong("generated-at"),
        help: "Pin the generation time (RFC 3339, or a day YYYY-MM-DD) for byte-identical reruns.")
    var generatedAt: String?

    /// What was parsed, as plain values.
    var job: ReportJob {
        ReportJob(
            workspaceOptions: workspaceOptions.choice, storeOptions: storeOptions.choice, asOf: asOf,
            compute: compute, explain: explain, quarter: quarter, window: window, format: format, out: out, org: org,
            eachOrg: eachOrg, includeMembers: includeMembers, k: k, locale: locale, generatedAt: generatedAt)
    }

    func validate() throws { try job.validate() }

    func run() throws { try job.run() }
}

/// Where `impact report` computes the built-in metrics.
enum ComputePlace: String, ExpressibleByArgument, CaseIterable {
    case inProcess = "in-process"
    case inDatabase = "in-database"
}
