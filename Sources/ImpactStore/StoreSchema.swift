import Foundation
import ImpactSources

/// The tables of a store, the same in every backend: `impact_revisions` (one row per revision),
/// `impact_inputs` (the inputs of each submission), `impact_settings` and one `impact_<table>` per
/// canonical table whose rows carry `added_in` and `removed_in` (null while live), so that the data as of
/// any revision is `added_in <= N AND (removed_in IS NULL OR removed_in > N)`.
public enum StoreSchema {
    /// The version the code writes (its last migration); a store of a newer version is refused.
    public static var version: Int { migrations(.sqlite).last!.version }

    /// The SQL name of a canonical table's rows.
    public static func tableName(_ table: CanonicalTable) -> String { "impact_" + table.rawValue }

    /// The canonical columns a store keeps, in order (all text, as given).
    public static func columns(of table: CanonicalTable) -> [String] { table.columns.map(\.name) }

    /// Seconds a writer waits for another writer before it is told to retry: `IMPACT_STORE_WAIT`, default 60.
    public static func writerWait(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        environment["IMPACT_STORE_WAIT"].flatMap(Int.init).map { max(0, min($0, 3600)) } ?? 60
    }

    /// Setting keys.
    public static let fiscalYearStartSetting = "fiscal_year_start"
}

extension StoreSchema {
    /// The SQL a backend speaks; the schema is the same, only a few type names differ.
    public enum Dialect: Sendable {
        case sqlite, postgres
    }

    /// The migrations, by version, each a list of statements. Version 1 is the first schema; a later
    /// version is added, never edited.
    public static func migrations(_ dialect: Dialect) -> [(version: Int, statements: [String])] {
        let integer = dialect == .sqlite ? "INTEGER" : "BIGINT"
        let rowID = dialect == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        var first = [
            """
            CREATE TABLE impact_revisions (
              number \(integer) PRIMARY KEY CHECK (number >= 1),
              recorded_at TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('submission', 'withdrawal')),
              source TEXT NOT NULL,
              sha256 TEXT NOT NULL,
              message TEXT,
              rows_added \(integer) NOT NULL,
              rows_removed \(integer) NOT NULL)
            """,
            """
            CREATE TABLE impact_inputs (
              revision \(integer) NOT NULL REFERENCES impact_revisions(number),
              table_name TEXT NOT NULL,
              source TEXT NOT NULL,
              rows \(integer) NOT NULL,
              sha256 TEXT NOT NULL,
              PRIMARY KEY (revision, table_name, source))
            """,
            "CREATE TABLE impact_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]
        for table in CanonicalTable.allCases {
            let name = tableName(table)
            let columns = StoreSchema.columns(of: table).map { "  \"\($0)\" TEXT NOT NULL" }.joined(separator: ",\n")
            first.append(
                """
                CREATE TABLE \(name) (
                  id \(rowID),
                  added_in \(integer) NOT NULL REFERENCES impact_revisions(number),
                  removed_in \(integer) REFERENCES impact_revisions(number),
                  source TEXT NOT NULL,
                  source_row \(integer) NOT NULL,
                  row_key TEXT NOT NULL,
                  org_key TEXT NOT NULL,
                \(columns),
                  CHECK (removed_in IS NULL OR removed_in > added_in))
                """)
            first.append("CREATE INDEX \(name)_live ON \(name) (row_key) WHERE removed_in IS NULL")
            first.append("CREATE INDEX \(name)_added ON \(name) (added_in)")
        }
        return [(1, first)]
    }

    /// Selects the rows of `table` live at revision `?1`/`$1`, bookkeeping columns first.
    public static func selectLive(_ table: CanonicalTable, _ dialect: Dialect) -> String {
        let number = dialect == .sqlite ? "?1" : "$1"
        let columns =
            (["id", "added_in", "source", "source_row", "row_key", "org_key"]
            + StoreSchema.columns(of: table).map { "\"\($0)\"" }).joined(separator: ", ")
        return
            "SELECT \(columns) FROM \(tableName(table)) WHERE added_in <= \(number) AND (removed_in IS NULL OR removed_in > \(number))"
    }

    /// The live row count per input (revision and source) of a table as of revision `$1`.
    public static func countLive(_ table: CanonicalTable, _ dialect: Dialect) -> String {
        let number = dialect == .sqlite ? "?1" : "$1"
        return """
            SELECT added_in, source, count(*) FROM \(tableName(table))
            WHERE added_in <= \(number) AND (removed_in IS NULL OR removed_in > \(number)) GROUP BY added_in, source
            """
    }

    /// The columns an insert names, in the order of a stored row's values.
    public static func insertColumns(_ table: CanonicalTable) -> [String] {
        ["added_in", "source", "source_row", "row_key", "org_key"] + StoreSchema.columns(of: table).map { "\"\($0)\"" }
    }
}
