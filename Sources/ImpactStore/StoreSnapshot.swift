import ImpactCore
import ImpactSources

/// A store's data as of one revision: the live rows of every table and the inputs that recorded them.
public struct StoreSnapshot: Sendable {
    /// The revision read; nil for a store with no revision yet.
    public let revision: Revision?
    /// Live rows per table, in the order they were recorded (revision, then input, then row).
    public let rows: [CanonicalTable: [StoredRow]]
    /// Inputs of the revisions up to this one.
    public let inputs: [StoredInput]
    public let settings: [String: String]
    /// Tables whose rows were left in the database (computed there): per input, the number of live rows,
    /// for provenance. Their rows are not in `rows` and they have no raw table.
    public let leftInDatabase: [CanonicalTable: [LiveCount]]

    /// The number of live rows that one input recorded.
    public struct LiveCount: Sendable, Hashable {
        public let revision: Int
        public let source: String
        public let rows: Int

        public init(revision: Int, source: String, rows: Int) {
            self.revision = revision
            self.source = source
            self.rows = rows
        }
    }

    public init(
        revision: Revision?, rows: [CanonicalTable: [StoredRow]], inputs: [StoredInput], settings: [String: String],
        leftInDatabase: [CanonicalTable: [LiveCount]] = [:]
    ) {
        self.leftInDatabase = leftInDatabase
        self.revision = revision
        self.rows = rows.mapValues { rows in
            rows.sorted {
                if $0.addedIn != $1.addedIn { return $0.addedIn < $1.addedIn }
                if $0.source != $1.source { return $0.source.utf8.lexicographicallyPrecedes($1.source.utf8) }
                return $0.sourceRow < $1.sourceRow
            }
        }
        self.inputs = inputs
        self.settings = settings
    }

    /// How a stored row's input is named in messages and provenance: `data/financials.csv@r3`.
    public static func label(_ source: String, revision: Int) -> String { "\(source)@r\(revision)" }

    /// The live rows as raw tables, one per input they came from, ready for the same typing and validation
    /// as a folder's tables. A table recorded at some point but with no live rows is an empty table (as
    /// an empty file would be), not a missing one. Rows in `excluding` are left out.
    public func rawTables(excluding: [CanonicalTable: Set<Int64>] = [:]) -> [CanonicalTable: [RawTable]] {
        var tables: [CanonicalTable: [RawTable]] = [:]
        let recorded = Set(inputs.map(\.table))
        for table in CanonicalTable.allCases {
            let header = StoreSchema.columns(of: table)
            let removed = excluding[table] ?? []
            var groups: [RawTable] = []
            var current: (addedIn: Int, source: String, records: [RawRecord])?
            for row in rows[table] ?? [] where !removed.contains(row.id) {
                if let group = current, group.addedIn == row.addedIn, group.source == row.source {
                    current!.records.append(RawRecord(row: row.sourceRow, fields: row.fields))
                } else {
                    if let group = current {
                        groups.append(
                            RawTable(
                                source: Self.label(group.source, revision: group.addedIn), header: header,
                                records: group.records))
                    }
                    current = (row.addedIn, row.source, [RawRecord(row: row.sourceRow, fields: row.fields)])
                }
            }
            if let group = current {
                groups.append(
                    RawTable(
                        source: Self.label(group.source, revision: group.addedIn), header: header,
                        records: group.records))
            }
            if groups.isEmpty && recorded.contains(table) && leftInDatabase[table] == nil {
                groups.append(RawTable(source: "store[\(table.rawValue)]", header: header, records: []))
            }
            if !groups.isEmpty { tables[table] = groups }
        }
        return tables
    }

    /// The inputs whose rows are live, with the live row count and the SHA-256 of what was submitted: the
    /// provenance of a report read from the store.
    public var inputFiles: [InputFile] {
        var counts: [StoredInputKey: Int] = [:]
        for (table, rows) in rows {
            for row in rows {
                counts[StoredInputKey(revision: row.addedIn, source: row.source, table: table), default: 0] += 1
            }
        }
        for (table, live) in leftInDatabase {
            for count in live {
                counts[StoredInputKey(revision: count.revision, source: count.source, table: table), default: 0] +=
                    count.rows
            }
        }
        return inputs.compactMap { input -> InputFile? in
            guard let count = counts[StoredInputKey(revision: input.revision, source: input.source, table: input.table)]
            else { return nil }
            return InputFile(
                source: Self.label(input.source, revision: input.revision), table: input.table.rawValue, rows: count,
                sha256: input.sha256)
        }.sorted {
            if $0.source != $1.source { return $0.source.utf8.lexicographicallyPrecedes($1.source.utf8) }
            return $0.table < $1.table
        }
    }

    private struct StoredInputKey: Hashable {
        let revision: Int
        let source: String
        let table: CanonicalTable
    }
}
