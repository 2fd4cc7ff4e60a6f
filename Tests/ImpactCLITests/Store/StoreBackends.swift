import Foundation
import ImpactPostgres
import ImpactSQLite
import ImpactStore
import Testing

/// The backends every store test runs against: a new SQLite file, and a new database on the PostgreSQL
/// server named by `IMPACT_TEST_POSTGRES` (with `PGPASSWORD`) when it is set — `.ci/postgres` starts one.
enum StoreBackends {
    static let postgresURL = ProcessInfo.processInfo.environment["IMPACT_TEST_POSTGRES"]

    static let skipMessage =
        "PostgreSQL store tests skipped: set IMPACT_TEST_POSTGRES=postgres://user@host:port/database and PGPASSWORD (eval \"$(.ci/postgres)\" starts a local server)"

    enum Kind: String, CustomTestStringConvertible, CaseIterable, Sendable {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// The kinds available here (PostgreSQL only with a server).
    static var available: [Kind] { postgresURL == nil ? [.sqlite] : Kind.allCases }

    /// A new, empty store of a kind.
    static func fresh(_ kind: Kind) throws -> RevisionStore {
        let location = try StoreLocation(freshURL(kind))
        switch location {
        case .sqlite(let path): return RevisionStore(location: location, backend: SQLiteStore(path: path))
        case .postgres(let address): return RevisionStore(location: location, backend: PostgresStore(address: address))
        }
    }

    /// The URL of a new, empty store: a file in a new folder, or a new database on the test server.
    static func freshURL(_ kind: Kind) throws -> String {
        switch kind {
        case .sqlite:
            return (try Scratch.folder("impact-store") as NSString).appendingPathComponent("store.sqlite")
        case .postgres:
            guard let url = postgresURL, case .postgres(let address) = try StoreLocation(url) else {
                throw StoreError.invalidLocation(skipMessage)
            }
            let name = "impact_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                ["createdb", "-h", address.host, "-p", String(address.port)] + (address.user.map { ["-U", $0] } ?? [])
                + [name]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw StoreError.unavailable("createdb \(name) failed on \(address)")
            }
            Scratch.record(
                database: name,
                server: ["-h", address.host, "-p", String(address.port)] + (address.user.map { ["-U", $0] } ?? [])
                    + ["-d", address.database ?? "postgres"])
            var fresh = address
            fresh.database = name
            return fresh.description
        }
    }
}

/// Runs store calls on a thread of their own, as the CLI runs them on its main thread: the PostgreSQL
/// backend waits for its async driver, which must not happen on a thread of the concurrency pool that
/// runs the tests themselves.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}
