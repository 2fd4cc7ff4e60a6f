import Foundation
internal import GRDB
import ImpactCore
import ImpactSources
import ImpactStore

/// A store in one SQLite file (GRDB): WAL journal, foreign keys on, schema versions applied by GRDB's
/// migrator. A revision is one IMMEDIATE transaction, so a second writer waits for the first (up to a
/// minute, then it is told to retry) and a process killed mid-way leaves the file as it was.
public struct SQLiteStore: StoreBackend {
    public let path: String
    /// How long a writer waits for another one.
    public let busyTimeout: TimeInterval

    public init(path: String, busyTimeout: TimeInterval = 60) {
        self.path = path
        self.busyTimeout = busyTimeout
    }

    /// Opens `sqlite:` and file-path locations.
    public static let opener = StoreOpener(
        handles: { if case .sqlite = $0 { return true } else { return false } },
        open: { location throws(StoreError) in
            guard case .sqlite(let path) = location else { throw .invalidLocation("not a SQLite store: \(location)") }
            return SQLiteStore(path: path, busyTimeout: TimeInterval(StoreSchema.writerWait()))
        })

    public func revisions() throws(StoreError) -> [Revision] {
        try reading { db in try Self.revisions(db) }
    }

    public func snapshot(at number: Int) throws(StoreError) -> StoreSnapshot {
        try reading { db in try Self.snapshot(db, at: number) }
    }

    public func record(_ plan: (StoreSnapshot) throws -> StoreChange) throws -> Revision {
        let queue = try open(create: true)
        var recorded: Revision?
        do {
            try queue.inTransaction(.immediate) { db in
                let latest = try Self.revisions(db).last?.number ?? 0
                let snapshot = try Self.snapshot(db, at: latest)
                let change = try plan(snapshot)
                recorded = try Self.write(change, number: latest + 1, db)
                return .commit
            }
        } catch let error as DatabaseError {
            throw failure(error)
        }
        return recorded!
    }

    // MARK: Reading and writing

    private static func revisions(_ db: Database) throws -> [Revision] {
        try Row.fetchAll(db, sql: "SELECT * FROM impact_revisions ORDER BY number").map { row in
            Revision(
                number: row["number"], recordedAt: row["recorded_at"],
                kind: Revision.Kind(rawValue: row["kind"]) ?? .submission, source: row["source"],
                sha256: row["sha256"], message: row["message"], rowsAdded: row["rows_added"],
                rowsRemoved: row["rows_removed"])
        }
    }

    private static func snapshot(_ db: Database, at number: Int) throws -> StoreSnapshot {
        guard try db.tableExists("impact_revisions") else {
            return StoreSnapshot(revision: nil, rows: [:], inputs: [], settings: [:])
        }
        let revision = try revisions(db).last { $0.number <= number }
        var rows: [CanonicalTable: [StoredRow]] = [:]
        for table in CanonicalTable.allCases {
            let width = StoreSchema.columns(of: table).count
            let cursor = try Row.fetchCursor(db, sql: StoreSchema.selectLive(table, .sqlite), arguments: [number])
            var list: [StoredRow] = []
            while let row = try cursor.next() {
                list.append(
                    StoredRow(
                        id: row[0], addedIn: row[1], source: row[2], sourceRow: row[3], rowKey: row[4], orgKey: row[5],
                        fields: (0..<width).map { row[6 + $0] }))
            }
            if !list.isEmpty { rows[table] = list }
        }
        let inputs = try Row.fetchAll(
            db, sql: "SELECT revision, table_name, source, rows, sha256 FROM impact_inputs WHERE revision <= ?",
            arguments: [number]
        ).compactMap { row -> StoredInput? in
            guard let table = CanonicalTable(rawValue: row["table_name"]) else { return nil }
            return StoredInput(
                revision: row["revision"], source: row["source"], table: table, rows: row["rows"], sha256: row["sha256"]
            )
        }
        let settings = Dictionary(
            try Row.fetchAll(db, sql: "SELECT key, value FROM impact_settings").map {
                (String($0["key"] as String), String($0["value"] as String))
            }, uniquingKeysWith: { a, _ in a })
        return StoreSnapshot(revision: revision, rows: rows, inputs: inputs, settings: settings)
    }

    private static func write(_ change: StoreChange, number: Int, _ db: Database) throws -> Revision {
        let revision = Revision(
            number: number, recordedAt: change.recordedAt, kind: change.kind, source: change.source,
            sha256: change.sha256, message: change.message, rowsAdded: change.rowsAdded,
            rowsRemoved: change.rowsRemoved)
        try db.execute(
            sql: """
                INSERT INTO impact_revisions (number, recorded_at, kind, source, sha256, message, rows_added, rows_removed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                number, revision.recordedAt, revision.kind.rawValue, revision.source, revision.sha256,
                revision.message, revision.rowsAdded, revision.rowsRemoved,
            ])
        for (key, value) in change.settings.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT INTO impact_settings (key, value) VALUES (?, ?)", arguments: [key, value])
        }
        for input in change.inputs {
            try db.execute(
                sql: "INSERT INTO impact_inputs (revision, table_name, source, rows, sha256) VALUES (?, ?, ?, ?, ?)",
                arguments: [number, input.table.rawValue, input.source, input.rows, input.sha256])
        }
        for (table, ids) in change.removed.sorted(by: { $0.key < $1.key }) {
            let statement = try db.makeStatement(
                sql: "UPDATE \(StoreSchema.tableName(table)) SET removed_in = ? WHERE id = ? AND removed_in IS NULL")
            for id in ids { try statement.execute(arguments: [number, id]) }
        }
        for (table, rows) in change.added.sorted(by: { $0.key < $1.key }) {
            let columns = StoreSchema.insertColumns(table)
            let statement = try db.makeStatement(
                sql:
                    "INSERT INTO \(StoreSchema.tableName(table)) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
            )
            for row in rows {
                var values: [(any DatabaseValueConvertible)?] = [
                    number, row.source, row.sourceRow, row.rowKey, row.orgKey,
                ]
                values += row.fields.map { $0 as (any DatabaseValueConvertible)? }
                try statement.execute(arguments: StatementArguments(values))
            }
        }
        return revision
    }

    // MARK: Connections

    private func reading<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        let queue = try open(create: false)
        do {
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw failure(error)
        } catch {
            throw .unavailable("the store sqlite:\(path) cannot be read: \(error)")
        }
    }

    private func open(create: Bool) throws(StoreError) -> DatabaseQueue {
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create {
            throw .unavailable(
                "the store sqlite:\(path) does not exist: record a first revision with 'impact ingest DIR --store \(path)'"
            )
        }
        if exists {
            let head = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 16) } ?? Data()
            if !head.isEmpty, head != Data("SQLite format 3\u{0}".utf8) {
                throw .unavailable("the store sqlite:\(path) is not a SQLite database")
            }
        }
        do {
            // A file that is not a store is looked at read-only and left exactly as it was (opening it for
            // writing would switch it to WAL).
            if exists {
                var inspect = Configuration()
                inspect.readonly = true
                inspect.busyMode = .timeout(busyTimeout)
                let state = try DatabaseQueue(path: path, configuration: inspect).read { db in
                    (
                        store: try db.tableExists("impact_migrations"),
                        tables: try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'")
                            ?? 0
                    )
                }
                if !state.store && state.tables > 0 {
                    throw StoreError.unavailable(
                        "the store sqlite:\(path) is a SQLite database but not an impact store (it has other tables): please name a new file"
                    )
                }
            }
            var configuration = Configuration()
            configuration.journalMode = .wal
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(busyTimeout)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let known = Set(StoreSchema.migrations(.sqlite).map(\.version))
            let applied = try queue.read { db -> Set<Int>? in
                guard try db.tableExists("impact_migrations") else { return nil }
                return Set(try Int.fetchAll(db, sql: "SELECT version FROM impact_migrations"))
            }
            if applied == known { return queue }
            // Migrations run under the write lock, so that two processes creating a store at once apply each
            // version once.
            try queue.inTransaction(.immediate) { db in
                try db.execute(
                    sql:
                        "CREATE TABLE IF NOT EXISTS impact_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
                )
                let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM impact_migrations"))
                if let newer = applied.subtracting(known).max() {
                    throw StoreError.incompatible(
                        "the store sqlite:\(path) has schema version \(newer), newer than this impact knows (\(StoreSchema.version)): please update impact"
                    )
                }
                for migration in StoreSchema.migrations(.sqlite) where !applied.contains(migration.version) {
                    for statement in migration.statements { try db.execute(sql: statement) }
                    try db.execute(
                        sql: "INSERT INTO impact_migrations (version, applied_at) VALUES (?, CURRENT_TIMESTAMP)",
                        arguments: [migration.version])
                }
                return .commit
            }
            return queue
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw failure(error)
        } catch {
            throw .unavailable("the store sqlite:\(path) cannot be opened: \(error)")
        }
    }

    private func failure(_ error: DatabaseError) -> StoreError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .busy(
                "the store sqlite:\(path) is busy: another process has been writing to it for over \(Int(busyTimeout)) s; please retry"
            )
        case .SQLITE_NOTADB:
            return .unavailable("the store sqlite:\(path) is not a SQLite database")
        default:
            return .unavailable(
                "the store sqlite:\(path) cannot be used: \(error.message ?? "SQLite error \(error.resultCode.rawValue)")"
            )
        }
    }
}
