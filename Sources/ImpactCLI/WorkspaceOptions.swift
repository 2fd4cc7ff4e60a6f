import ArgumentParser
import BuiltinMetrics
import ImpactCore
import ImpactSources
import ImpactWorkspace

/// Options shared by the commands that read a workspace.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "The workspace folder (default: the current folder).")
    var directory: String = "."

    @Option(name: .customLong("fiscal-year-start"), help: "Fiscal year start month, 1–12 (default 1 or impact.yml).")
    var fiscalYearStart: Int?

    @Option(help: "Base currency, an ISO 4217 code (default EUR or impact.yml).")
    var currency: String?

    func validate() throws {
        if let fiscalYearStart, !(1...12).contains(fiscalYearStart) {
            throw ValidationError("Please give --fiscal-year-start as a month from 1 to 12, not \(fiscalYearStart).")
        }
        if let currency, Currency(code: currency) == nil {
            throw ValidationError(
                "Please give --currency as a three-letter ISO 4217 code such as EUR, not '\(currency)'.")
        }
    }

    /// The opened workspace and its settings, command line over impact.yml over defaults.
    func open() throws -> (workspace: Workspace, calendar: FiscalCalendar, currency: Currency) {
        let workspace = try Self.workspace(directory)
        let (calendar, currency) = settings(of: workspace)
        return (workspace, calendar, currency)
    }

    /// The calendar and base currency of an opened workspace, command line over impact.yml over defaults.
    func settings(of workspace: Workspace) -> (calendar: FiscalCalendar, currency: Currency) {
        let month = fiscalYearStart ?? workspace.configuration.fiscalYearStart ?? 1
        let currency = currency.flatMap { Currency(code: $0) } ?? workspace.configuration.currency ?? .euro
        return (FiscalCalendar(startMonth: month)!, currency)
    }

    /// Opens a workspace folder, turning its problems into CLI errors (an invalid impact.yml is invalid
    /// data, exit status 1).
    static func workspace(_ directory: String) throws -> Workspace {
        do {
            return try Workspace.open(directory)
        } catch .invalidConfiguration(let diagnostics) {
            throw CLIError.invalidData(diagnostics)
        } catch {
            throw CLIError.failure(error.description)
        }
    }

    /// Loads and validates the data, printing warnings; throws with every error.
    func load(catalogue registry: MetricRegistry, workspace: Workspace) throws -> (
        dataset: Dataset, loaded: Workspace.Loaded
    ) {
        let (calendar, currency) = settings(of: workspace)
        let loaded = workspace.load(calendar: calendar, currency: currency, knownMetrics: Set(registry.ids))
        for warning in loaded.log.warnings { StandardError.print("warning: \(warning)") }
        guard let dataset = loaded.dataset else { throw CLIError.invalidData(loaded.log.errors) }
        return (dataset, loaded)
    }
}
