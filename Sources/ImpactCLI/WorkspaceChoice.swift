import ArgumentParser
import ImpactCore
import ImpactSources
import ImpactWorkspace

/// The workspace a command reads and the settings given for it on the command line, as plain values:
/// what `WorkspaceOptions` parses, and what `ReportArguments` reads without ArgumentParser.
struct WorkspaceChoice: Sendable, Equatable {
    /// The workspace folder.
    var directory = "."
    /// Fiscal year start month, 1–12; nil: impact.yml's, or 1.
    var fiscalYearStart: Int?
    /// Base currency code; nil: impact.yml's, or EUR.
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
