import ImpactSources

/// One row of a canonical table as a store keeps it: the fields as the submission gave them (after its
/// source's mapping), in the canonical column order, with where it came from and the keys the
/// replacement rules use.
public struct StoredRow: Sendable, Hashable {
    /// The store's own id of the row (0 for a row not stored yet).
    public var id: Int64
    /// The revision that added it.
    public var addedIn: Int
    /// The input it came from, as the submission named it (`data/financials.csv`).
    public var source: String
    /// Its row in that input (header = 1).
    public var sourceRow: Int
    /// What a later submission replaces it by (see `RowKey`).
    public var rowKey: String
    /// The organisation it belongs to, empty for partners, fx rates and general targets.
    public var orgKey: String
    /// One field per column of `StoreSchema.columns(of:)`; an empty string is an empty cell.
    public var fields: [String]

    public init(
        id: Int64 = 0, addedIn: Int, source: String, sourceRow: Int, rowKey: String, orgKey: String, fields: [String]
    ) {
        self.id = id
        self.addedIn = addedIn
        self.source = source
        self.sourceRow = sourceRow
        self.rowKey = rowKey
        self.orgKey = orgKey
        self.fields = fields
    }
}

/// An input a revision recorded: the file (or sheet, or query) of a submission, with its SHA-256.
public struct StoredInput: Sendable, Hashable {
    /// The revision that recorded it (set by the backend when recording).
    public var revision: Int
    public let source: String
    public let table: CanonicalTable
    public let rows: Int
    public let sha256: String

    public init(revision: Int, source: String, table: CanonicalTable, rows: Int, sha256: String) {
        self.revision = revision
        self.source = source
        self.table = table
        self.rows = rows
        self.sha256 = sha256
    }
}
