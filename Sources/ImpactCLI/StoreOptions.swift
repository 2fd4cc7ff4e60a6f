import ArgumentParser
import Foundation
import ImpactCore
import ImpactSQLite
import ImpactStore
import ImpactWorkspace
import Synchronization

/// Store backends the executable was built with: SQLite always; PostgreSQL when the host adds it
/// (`ImpactCommand.start(stores:)`), so that an executable built on ImpactCLI alone never compiles
/// SwiftNIO.
enum StoreHost {
    static let extra = Mutex<[StoreOpener]>([])

    static func open(_ location: StoreLocation) throws -> RevisionStore {
        let openers = [SQLiteStore.opener] + extra.withLock { $0 }
        guard let opener = openers.first(where: { $0.handles(location) }) else {
            throw CLIError.failure(
                "this impact was built without support for the store \(location); the 'impact' executable of EcosystemImpact has it"
            )
        }
        do {
            return RevisionStore(location: location, backend: try opener.open(location))
        } catch {
            throw CLIError.failure(error.description)
        }
    }
}

/// `--store URL`: the store a command reads or records into (default: `store:` in impact.yml).
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A store: a file path, sqlite:PATH or postgres://user@host:port/database (password from PGPASSWORD or ~/.pgpass).",
            valueName: "URL"))
    var store: String?

    /// The option as a plain value.
    var choice: StoreChoice { StoreChoice(store: store) }

    func validate() throws { try choice.validate() }
}

/// The store named on the command line (`--store URL`), as a plain value: what `StoreOptions` parses, and
/// what `ReportArguments` reads without ArgumentParser.
struct StoreChoice: Sendable, Equatable {
    /// nil: `store:` in impact.yml, if any.
    var store: String?

    func validate() throws {
        if let store {
            do {
                _ = try StoreLocation(store)
            } catch {
                throw ValidationError(
                    // Not the value itself: a URL with a password is refused, and must not be echoed.
                    "Please give --store as a file path, sqlite:PATH or postgres://user@host:port/database: \(error).")
            }
        }
    }

    /// The store named on the command line or in the workspace's impact.yml; nil when neither names one.
    func location(_ workspace: Workspace?) throws -> StoreLocation? {
        do {
            if let store { return try StoreLocation(store) }
            if let workspace, let store = workspace.configuration.store {
                return try StoreLocation(store, relativeTo: workspace.root)
            }
        } catch {
            throw CLIError.usage(error.description)
        }
        return nil
    }

    /// The opened store; a usage error when none is named.
    func open(_ workspace: Workspace?, command: String) throws -> RevisionStore {
        guard let location = try location(workspace) else {
            throw CLIError.usage("impact \(command) needs a store: give --store URL or set store: in impact.yml")
        }
        return try StoreHost.open(location)
    }
}

/// Store failures as the CLI reports them: a refused submission is invalid data (exit status 1), any
/// other store problem a failure (exit status 2).
func storeFailure(_ error: any Error) -> any Error {
    switch error {
    case StoreError.refused(let diagnostics): return CLIError.invalidData(diagnostics)
    case let error as StoreError: return CLIError.failure(error.description)
    default: return error
    }
}
