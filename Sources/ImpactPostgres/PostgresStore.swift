import Foundation
import ImpactCore
import ImpactSources
import ImpactStore
import Logging
import PostgresNIO

/// A store in a PostgreSQL database (postgres-nio), with the same tables as the SQLite store. A revision
/// is one transaction that first takes an EXCLUSIVE lock on `impact_revisions` (readers go on, a second
/// writer waits up to `lockTimeout` and is then told to retry); a client that dies mid-way has its
/// transaction rolled back by the server.
public struct PostgresStore: StoreBackend {
    public let address: PostgresAddress
    /// Seconds a writer waits for another one.
    public let lockTimeout: Int
    private let user: String
    private let database: String
    private let credentials: PGPass

    public init(address: PostgresAddress, lockTimeout: Int = 60, environment: [String: String]? = nil) {
        self.address = address
        self.lockTimeout = lockTimeout
        var pass = PGPass()
        if let environment { pass.environment = environment }
        credentials = pass
        let env = pass.environment
        user = address.user ?? env["PGUSER"] ?? env["USER"] ?? "postgres"
        database = address.database ?? env["PGDATABASE"] ?? user
    }

    /// Opens `postgres://` locations.
    public static let opener = StoreOpener(
        handles: { if case .postgres = $0 { return true } else { return false } },
        open: { location throws(StoreError) in
            guard case .postgres(let address) = location else {
                throw .invalidLocation("not a PostgreSQL store: \(location)")
            }
            return PostgresStore(address: address, lockTimeout: StoreSchema.writerWait())
        })

    /// The address as shown in messages: never a password.
    var name: String { "postgres://\(user)@\(address.host):\(address.port)/\(database)" }

    public func revisions() throws(StoreError) -> [Revision] {
        try run { connection in
            guard try await Self.isStore(connection) else { return [] }
            return try await Self.revisions(connection)
        }
    }

    public func snapshot(at number: Int) throws(StoreError) -> StoreSnapshot {
        try snapshot(at: number, leavingInDatabase: [])
    }

    public func snapshot(at number: Int, leavingInDatabase tables: Set<CanonicalTable>) throws(StoreError)
        -> StoreSnapshot
    {
        try run { connection in
            guard try await Self.isStore(connection) else {
                return StoreSnapshot(revision: nil, rows: [:], inputs: [], settings: [:])
            }
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: Self.logger)
            let snapshot = try await Self.snapshot(connection, at: number, leaving: tables)
            try await connection.query("COMMIT", logger: Self.logger)
            return snapshot
        }
    }

    public func record(_ plan: (StoreSnapshot) throws -> StoreChange) throws -> Revision {
        let connection = try connect()
        defer { Self.close(connection) }
        let timeout = lockTimeout
        let snapshot: StoreSnapshot = try translating {
            try blocking {
                try await Self.migrate(connection)
                try await connection.query("BEGIN", logger: Self.logger)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = '\(timeout)s'"), logger: Self.logger)
                try await connection.query("LOCK TABLE impact_revisions IN EXCLUSIVE MODE", logger: Self.logger)
                let latest = try await Self.revisions(connection).last?.number ?? 0
                return try await Self.snapshot(connection, at: latest)
            }
        }
        let change: StoreChange
        do {
            change = try plan(snapshot)
        } catch {
            _ = try? blocking { try await connection.query("ROLLBACK", logger: Self.logger) }
            throw error
        }
        let number = (snapshot.revision?.number ?? 0) + 1
        return try translating {
            try blocking {
                let revision = try await Self.write(change, number: number, connection)
                try await connection.query("COMMIT", logger: Self.logger)
                return revision
            }
        }
    }

    // MARK: SQL

    static let logger = Logger(label: "impact.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private static func isStore(_ connection: PostgresConnection) async throws -> Bool {
        !(try await applied(connection)).isEmpty
    }

    private static func revisions(_ connection: PostgresConnection) async throws -> [Revision] {
        var revisions: [Revision] = []
        let rows = try await connection.query(
            "SELECT number, recorded_at, kind, source, sha256, message, rows_added, rows_removed FROM impact_revisions ORDER BY number",
            logger: logger)
        for try await (number, recordedAt, kind, source, sha256, message, added, removed) in rows.decode(
            (Int64, String, String, String, String, String?, Int64, Int64).self)
        {
            revisions.append(
                Revision(
                    number: Int(number), recordedAt: recordedAt, kind: Revision.Kind(rawValue: kind) ?? .submission,
                    source: source, sha256: sha256, message: message, rowsAdded: Int(added), rowsRemoved: Int(removed)))
        }
        return revisions
    }

    private static func snapshot(_ connection: PostgresConnection, at number: Int, leaving: Set<CanonicalTable> = [])
        async throws -> StoreSnapshot
    {
        let revision = try await revisions(connection).last { $0.number <= number }
        var rows: [CanonicalTable: [StoredRow]] = [:]
        var counts: [CanonicalTable: [StoreSnapshot.LiveCount]] = [:]
        for table in CanonicalTable.allCases where leaving.contains(table) {
            var query = PostgresQuery(unsafeSQL: StoreSchema.countLive(table, .postgres))
            query.binds.append(Int64(number))
            var live: [StoreSnapshot.LiveCount] = []
            for try await (revision, source, count) in try await connection.query(query, logger: logger).decode(
                (Int64, String, Int64).self)
            {
                live.append(.init(revision: Int(revision), source: source, rows: Int(count)))
            }
            counts[table] = live
        }
        for table in CanonicalTable.allCases where !leaving.contains(table) {
            let width = StoreSchema.columns(of: table).count
            var query = PostgresQuery(unsafeSQL: StoreSchema.selectLive(table, .postgres))
            query.binds.append(Int64(number))
            var list: [StoredRow] = []
            for try await row in try await connection.query(query, logger: logger) {
                let cells = row.makeRandomAccess()
                list.append(
                    StoredRow(
                        id: try cells[0].decode(Int64.self), addedIn: Int(try cells[1].decode(Int64.self)),
                        source: try cells[2].decode(String.self), sourceRow: Int(try cells[3].decode(Int64.self)),
                        rowKey: try cells[4].decode(String.self), orgKey: try cells[5].decode(String.self),
                        fields: try (0..<width).map { try cells[6 + $0].decode(String.self) }))
            }
            if !list.isEmpty { rows[table] = list }
        }
        var inputs: [StoredInput] = []
        let inputRows = try await connection.query(
            "SELECT revision, table_name, source, rows, sha256 FROM impact_inputs WHERE revision <= \(Int64(number))",
            logger: logger)
        for try await (revision, tableName, source, count, sha256) in inputRows.decode(
            (Int64, String, String, Int64, String).self)
        {
            guard let table = CanonicalTable(rawValue: tableName) else { continue }
            inputs.append(
                StoredInput(revision: Int(revision), source: source, table: table, rows: Int(count), sha256: sha256))
        }
        var settings: [String: String] = [:]
        for try await (key, value) in try await connection.query(
            "SELECT key, value FROM impact_settings", logger: logger
        ).decode((String, String).self) {
            settings[key] = value
        }
        return StoreSnapshot(
            revision: revision, rows: rows, inputs: inputs, settings: settings, leftInDatabase: counts)
    }

    private static func write(_ change: StoreChange, number: Int, _ connection: PostgresConnection) async throws
        -> Revision
    {
        let revision = Revision(
            number: number, recordedAt: change.recordedAt, kind: change.kind, source: change.source,
            sha256: change.sha256, message: change.message, rowsAdded: change.rowsAdded,
            rowsRemoved: change.rowsRemoved)
        try await connection.query(
            """
            INSERT INTO impact_revisions (number, recorded_at, kind, source, sha256, message, rows_added, rows_removed)
            VALUES (\(Int64(number)), \(revision.recordedAt), \(revision.kind.rawValue), \(revision.source), \(revision.sha256), \(revision.message), \(Int64(revision.rowsAdded)), \(Int64(revision.rowsRemoved)))
            """, logger: logger)
        for (key, value) in change.settings.sorted(by: { $0.key < $1.key }) {
            try await connection.query(
                "INSERT INTO impact_settings (key, value) VALUES (\(key), \(value))", logger: logger)
        }
        for input in change.inputs {
            try await connection.query(
                "INSERT INTO impact_inputs (revision, table_name, source, rows, sha256) VALUES (\(Int64(number)), \(input.table.rawValue), \(input.source), \(Int64(input.rows)), \(input.sha256))",
                logger: logger)
        }
        for (table, ids) in change.removed.sorted(by: { $0.key < $1.key }) {
            var query = PostgresQuery(
                unsafeSQL:
                    "UPDATE \(StoreSchema.tableName(table)) SET removed_in = $1 WHERE id = ANY($2) AND removed_in IS NULL"
            )
            query.binds.append(Int64(number))
            query.binds.append(ids)
            try await connection.query(query, logger: logger)
        }
        for (table, rows) in change.added.sorted(by: { $0.key < $1.key }) where !rows.isEmpty {
            try await connection.copyFrom(
                table: StoreSchema.tableName(table), columns: StoreSchema.insertColumns(table).map(Self.unquoted),
                logger: logger
            ) { writer in
                var buffer = ByteBuffer()
                for row in rows {
                    let values =
                        [String(number), row.source, String(row.sourceRow), row.rowKey, row.orgKey] + row.fields
                    for (index, value) in values.enumerated() {
                        if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                        Self.writeCopyText(value, to: &buffer)
                    }
                    buffer.writeInteger(UInt8(ascii: "\n"))
                    if buffer.readableBytes > 1 << 20 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
        }
        return revision
    }

    /// COPY's text format: backslash, tab, newline and carriage return escaped.
    private static func writeCopyText(_ value: String, to buffer: inout ByteBuffer) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeString("\\t")
            case UInt8(ascii: "\n"): buffer.writeString("\\n")
            case UInt8(ascii: "\r"): buffer.writeString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    /// copyFrom quotes nothing itself; our column names are plain lower-case words, written unquoted.
    private static func unquoted(_ column: String) -> String {
        column.replacingOccurrences(of: "\"", with: "")
    }

    /// Creates or updates the schema under an advisory lock, so that two processes starting on a new
    /// database apply each version once.
    private static func migrate(_ connection: PostgresConnection) async throws {
        let known = StoreSchema.migrations(.postgres)
        if try await applied(connection) == Set(known.map(\.version)) { return }
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(7304550612)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS impact_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
            let done = try await applied(connection)
            if let newer = done.subtracting(known.map(\.version)).max() {
                throw StoreError.incompatible(
                    "the store has schema version \(newer), newer than this impact knows (\(StoreSchema.version)): please update impact"
                )
            }
            for migration in known where !done.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO impact_migrations (version) VALUES (\(migration.version))", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// The schema versions applied, empty when the database holds no store.
    private static func applied(_ connection: PostgresConnection) async throws -> Set<Int> {
        let exists =
            try await connection.query(
                "SELECT to_regclass('impact_migrations') IS NOT NULL", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
        guard exists else { return [] }
        var versions: Set<Int> = []
        for try await version in try await connection.query(
            "SELECT version FROM impact_migrations", logger: logger
        ).decode(Int.self) {
            versions.insert(version)
        }
        return versions
    }

    // MARK: Connections

    private func connect() throws(StoreError) -> PostgresConnection {
        let (password, note) = credentials.password(for: address, user: user, database: database)
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch address.sslMode {
            case "disable": tls = .disable
            case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            default: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw .unavailable("the store \(name) cannot be reached: TLS cannot be set up")
        }
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        let config = configuration
        let name = self.name
        do {
            return try blocking {
                try await PostgresConnection.connect(configuration: config, id: 1, logger: Self.logger)
            }
        } catch {
            throw Self.failure(error, store: name, note: note)
        }
    }

    private static func close(_ connection: PostgresConnection) {
        try? blocking { try await connection.close() }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws(StoreError)
        -> T
    {
        let connection = try connect()
        defer { Self.close(connection) }
        do {
            return try blocking {
                try await Self.migrateIfStarted(connection)
                return try await body(connection)
            }
        } catch {
            throw Self.failure(error, store: name, note: nil)
        }
    }

    /// A database that already holds an older store is brought up to date before reading.
    private static func migrateIfStarted(_ connection: PostgresConnection) async throws {
        let done = try await applied(connection)
        if !done.isEmpty && done != Set(StoreSchema.migrations(.postgres).map(\.version)) {
            try await migrate(connection)
        }
    }

    private func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.failure(error, store: name, note: nil)
        }
    }

    /// A message for a failure: the server's own message and SQLSTATE, never the password (the
    /// configuration holding it is not printed).
    static func failure(_ error: any Error, store: String, note: String?) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? PSQLError else {
            return .unavailable("the store \(store) cannot be used: \(type(of: error))")
        }
        let state = error.serverInfo?[.sqlState]
        let message = error.serverInfo?[.message]
        switch (error.code, state) {
        case (_, "55P03"?):
            return .busy(
                "the store \(store) is busy: another process has been writing to it for too long; please retry")
        case (_, "28P01"?), (_, "28000"?):
            let hint = note.map { "; \($0)" } ?? "; set PGPASSWORD or add the password to ~/.pgpass"
            return .unavailable("the store \(store) refused the login: \(message ?? "authentication failed")\(hint)")
        case (_, "3D000"?):
            return .unavailable("the store \(store) cannot be used: \(message ?? "no such database")")
        case (.authMechanismRequiresPassword, _):
            return .unavailable(
                "the store \(store) asks for a password and none was found: \(note ?? "set PGPASSWORD or add a line for it to ~/.pgpass")"
            )
        case (.connectionError, _), (.serverClosedConnection, _), (.uncleanShutdown, _):
            return .unavailable(
                "the store \(store) cannot be reached: is the PostgreSQL server running and accepting connections there?"
            )
        default:
            if let message {
                return .unavailable("the store \(store) cannot be used: \(message) (SQLSTATE \(state ?? "?"))")
            }
            return .unavailable("the store \(store) cannot be used: \(error.code)")
        }
    }
}

extension PostgresStore: InDatabaseBackend {
    public func compute(_ query: InDatabaseQuery) throws(StoreError) -> InDatabaseQuery.Result {
        try run { connection in
            // Not READ ONLY: the observations are kept in a temporary table for the aggregates.
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ", logger: Self.logger)
            for statement in query.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
            }
            var values: [InDatabaseQuery.Value] = []
            for try await (metric, org, quarter, money, number, reason) in try await connection.query(
                PostgresQuery(
                    unsafeSQL:
                        "SELECT metric, org, quarter, money, number, reason FROM \(InDatabaseQuery.observationTable)"),
                logger: Self.logger
            ).decode((String, String, Int64, String?, Double?, String?).self) {
                values.append(
                    InDatabaseQuery.Value(
                        metric: metric, organization: org, quarter: Int(quarter), money: money, number: number,
                        reason: reason))
            }
            let aggregates = PostgresQuery(unsafeSQL: query.boundAggregatesSQL)
            var summaries: [InDatabaseQuery.Summary] = []
            for try await row in try await connection.query(aggregates, logger: Self.logger) {
                let cells = try row.decode(
                    (String, Int64, String, String, Int64, Int64, String?, Double?, Double?, Double?, Double?, Bool)
                        .self)
                summaries.append(
                    InDatabaseQuery.Summary(
                        metric: cells.0, quarter: Int(cells.1), dimension: cells.2, value: cells.3,
                        members: Int(cells.4), n: Int(cells.5), moneyTotal: cells.6, numberTotal: cells.7, p25: cells.8,
                        median: cells.9, p75: cells.10, dominated: cells.11))
            }
            var network: [InDatabaseQuery.NetworkRow] = []
            for try await (kind, key, members, engagements) in try await connection.query(
                PostgresQuery(unsafeSQL: query.networkSQL), logger: Self.logger
            ).decode((String, String, Int64, Int64).self) {
                network.append(.init(kind: kind, key: key, members: Int(members), engagements: Int(engagements)))
            }
            try await connection.query("COMMIT", logger: Self.logger)
            return InDatabaseQuery.Result(
                values: values, summaries: summaries, network: query.networkSummary(network))
        }
    }
}
