import ArgumentParser
import Foundation
import ImpactCore
import ImpactResults
import ImpactSources
import ImpactStore
import ImpactWorkspace

/// `impact ingest`: validates a submission and records it in a store as a new revision.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Validate a workspace's data and record it in a store as a new revision.",
        discussion: """
            A submission replaces, in financials, the rows of every (organisation, fiscal quarter) it has rows \
            for; in engagements, launches and targets, every row of each organisation it has rows for; in \
            organizations, partners and fx_rates, the rows with the same key. Nothing else changes, and \
            nothing is ever overwritten: earlier revisions stay readable with 'impact report --as-of'. The \
            store's data after the submission must be valid as a whole, or nothing is recorded.
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "A note kept with the revision and shown by 'impact history'.")
    var message: String?

    @Option(
        help: ArgumentHelp(
            "Record a revision that removes every row of this organisation (the organisation included).",
            valueName: "ORG"))
    var withdraw: String?

    @Option(name: .customLong("recorded-at"), help: .hidden)
    var recordedAt: String?

    func validate() throws {
        if let recordedAt, Timestamp.parse(recordedAt) == nil {
            throw ValidationError(
                "Please give --recorded-at as an RFC 3339 time such as 2026-10-05T09:00:00Z, not '\(recordedAt)'.")
        }
        if let withdraw, FieldText.trim(withdraw).isEmpty {
            throw ValidationError("Please name the organisation to withdraw by its org_id.")
        }
    }

    func run() throws {
        try reportingErrors {
            let (workspace, calendar, currency) = try workspaceOptions.choice.open()
            let store = try storeOptions.choice.open(workspace, command: "ingest")
            let setup = try MetricSetup.start(workspace)
            defer { setup.shutdown() }
            let options = LoadOptions(
                calendar: calendar, currency: currency, knownMetrics: Set(try setup.catalogue().ids))
            // Read when the store is locked for writing (`RevisionStore.Submission.recordedAt`).
            let given = recordedAt.flatMap(Timestamp.parse)
            let time = { @Sendable in Timestamp.format(given ?? Date()) }

            if let withdraw {
                let revision: Revision
                do {
                    revision = try store.withdraw(withdraw, message: message, recordedAt: time(), options: options)
                } catch {
                    throw storeFailure(error)
                }
                StandardError.print(
                    "recorded revision \(revision.number) in \(store.location): withdrew '\(FieldText.trim(withdraw))' (\(revision.rowsRemoved) rows removed)"
                )
                return
            }

            var log = DiagnosticLog()
            let read = workspace.read(log: &log, requireTables: false)
            if log.hasErrors { throw CLIError.invalidData(log.errors) }
            guard !read.tables.isEmpty else {
                throw CLIError.failure(
                    "\(workspaceOptions.directory) has no canonical tables to record (looked for \(CanonicalTable.allCases.map(\.fileName).joined(separator: ", ")))"
                )
            }
            let source = URL(fileURLWithPath: workspaceOptions.directory).standardizedFileURL.path
            let outcome: RevisionStore.Outcome
            do {
                outcome = try store.ingest(
                    RevisionStore.Submission(
                        tables: read.tables, inputs: read.inputs.files, source: source, message: message,
                        recordedAt: time()),
                    options: options)
            } catch {
                throw storeFailure(error)
            }
            for warning in log.warnings + outcome.warnings { StandardError.print("warning: \(warning)") }
            let revision = outcome.revision
            StandardError.print(
                "recorded revision \(revision.number) in \(store.location): \(revision.rowsAdded) rows added, \(revision.rowsRemoved) replaced (sha256 \(revision.sha256.prefix(12)))"
            )
        }
    }
}
