import ArgumentParser
import Foundation
import ImpactResults
import ImpactStore
import ImpactWorkspace

/// `impact history`: the revisions of a store.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List a store's revisions: number, time (UTC), source, SHA-256 and message.")

    @Argument(help: "A workspace whose impact.yml names the store (default: the current folder).")
    var directory: String = "."

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Output format: text or json (json goes to stdout).")
    var format: OutputFormat = .text

    func run() throws {
        try reportingErrors {
            let workspace = storeOptions.store == nil ? try WorkspaceChoice.workspace(directory) : nil
            let store = try storeOptions.choice.open(workspace, command: "history")
            let revisions: [Revision]
            do {
                revisions = try store.history()
            } catch {
                throw storeFailure(error)
            }
            switch format {
            case .json:
                print(JSONWriter.document(.array(revisions.map(Self.json))), terminator: "")
            case .text:
                guard !revisions.isEmpty else {
                    StandardError.print("the store \(store.location) has no revisions yet")
                    return
                }
                print("revision  recorded (UTC)        kind        rows +/-         sha256  source  message")
                for revision in revisions {
                    let rows = "+\(revision.rowsAdded)/-\(revision.rowsRemoved)"
                    print(
                        [
                            String(revision.number).leftPadded(8), revision.recordedAt,
                            revision.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0),
                            rows.leftPadded(16), revision.sha256, revision.source, revision.message ?? "",
                        ].joined(separator: "  "))
                }
            }
        }
    }

    static func json(_ revision: Revision) -> JSONValue {
        .object([
            ("revision", .int(revision.number)), ("recorded_at", .string(revision.recordedAt)),
            ("kind", .string(revision.kind.rawValue)), ("source", .string(revision.source)),
            ("sha256", .string(revision.sha256)), ("message", revision.message.map { .string($0) } ?? .null),
            ("rows_added", .int(revision.rowsAdded)), ("rows_removed", .int(revision.rowsRemoved)),
        ])
    }
}
