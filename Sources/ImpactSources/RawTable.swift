/// A table as a source delivers it, before typing: a header and records of text fields. Every kind of
/// source (CSV, and later spreadsheets, JSON and databases) produces this; typing and validation are
/// shared.
public struct RawTable: Sendable {
    /// The source as the user knows it, e.g. `data/engagements.csv`.
    public let source: String
    public let header: [String]
    public internal(set) var records: RawRecords

    public init(source: String, header: [String], records: [RawRecord]) {
        self.source = source
        self.header = header
        self.records = RawRecords(records)
    }

    public init(source: String, header: [String], records: RawRecords) {
        self.source = source
        self.header = header
        self.records = records
    }
}

/// One record: its row number (header = 1) and its fields in header order.
public struct RawRecord: Sendable {
    public let row: Int
    public let fields: [String]

    public init(row: Int, fields: [String]) {
        self.row = row
        self.fields = fields
    }
}
