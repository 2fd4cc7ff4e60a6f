/// One input that a run read: where, for which table, how many records and its SHA-256, so that a
/// report says exactly which data it used.
public struct InputFile: Sendable, Hashable {
    /// As the user knows it, relative to the workspace, e.g. `data/financials.csv`.
    public let source: String
    public let table: String
    /// Data records (the header and empty lines not counted).
    public let rows: Int
    /// Lower-case hex SHA-256 of the bytes read; nil when the run was read without digests (a check whose
    /// output shows none, `impact validate`'s text: hashing a 650 MB file is a tenth of its CPU time).
    public let sha256: String?

    public init(source: String, table: String, rows: Int, sha256: String?) {
        self.source = source
        self.table = table
        self.rows = rows
        self.sha256 = sha256
    }
}
