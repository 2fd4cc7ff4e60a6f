import ArgumentParser
import ImpactCore
import ImpactGenerator

/// `impact generate`: a deterministic synthetic workspace.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic synthetic workspace for demos, tests and benchmarks.")

    @Argument(help: "The folder to write (created if missing; existing table files are replaced).")
    var directory: String

    @Option(help: "Number of organisations.") var orgs: Int = 50
    @Option(help: "Number of partners.") var partners: Int = 200
    @Option(help: "Number of engagements.") var engagements: Int = 2_000
    @Option(help: "Number of quarters of financials, ending with --last-quarter.") var quarters: Int = 12
    @Option(help: "Random seed: the same seed gives the same files.") var seed: UInt64 = 1
    @Option(name: .customLong("fiscal-year-start"), help: "Fiscal year start month, 1–12.") var fiscalYearStart: Int = 1
    @Option(name: .customLong("last-quarter"), help: "The last quarter generated.") var lastQuarter: String = "2026-Q3"
    @Option(name: .customLong("monthly-share"), help: "Share of organisations reporting monthly, 0–1.")
    var monthlyShare: Double = 0.1

    func validate() throws {
        if Quarter(lastQuarter) == nil {
            throw ValidationError(
                "Please give --last-quarter as a fiscal quarter such as 2026-Q3, not '\(lastQuarter)'.")
        }
        if !(0...1).contains(monthlyShare) { throw ValidationError("Please give --monthly-share between 0 and 1.") }
    }

    func run() throws {
        try reportingErrors {
            var parameters = WorkspaceGenerator.Parameters(
                organizations: orgs, partners: partners, engagements: engagements, quarters: quarters, seed: seed)
            parameters.fiscalYearStart = fiscalYearStart
            parameters.lastQuarter = Quarter(lastQuarter)!
            parameters.monthlyShare = monthlyShare
            do {
                try WorkspaceGenerator(parameters).write(to: directory)
            } catch {
                throw CLIError.failure("\(error)")
            }
            StandardError.print(
                "generated \(orgs) organisations, \(partners) partners, \(engagements) engagements over \(quarters) quarters in \(directory)"
            )
        }
    }
}
