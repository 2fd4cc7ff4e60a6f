import ArgumentParser

/// Options shared by the commands that read a workspace.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "The workspace folder (default: the current folder).")
    var directory: String = "."

    @Option(name: .customLong("fiscal-year-start"), help: "Fiscal year start month, 1–12 (default 1 or impact.yml).")
    var fiscalYearStart: Int?

    @Option(help: "Base currency, an ISO 4217 code (default EUR or impact.yml).")
    var currency: String?

    /// The options as plain values.
    var choice: WorkspaceChoice {
        WorkspaceChoice(directory: directory, fiscalYearStart: fiscalYearStart, currency: currency)
    }

    func validate() throws { try choice.validate() }
}
