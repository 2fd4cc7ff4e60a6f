/// A table of plain-text cells; the first column may head its row.
public struct ReportTable: Sendable, Hashable {
    public var caption: String
    public var columns: [Column]
    public var rows: [[String]]
    /// Whether the first cell of each row is that row's header.
    public var rowHeaders: Bool

    public struct Column: Sendable, Hashable {
        public var title: String
        /// Numbers are right-aligned.
        public var numeric: Bool

        public init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.numeric = numeric
        }
    }

    public init(caption: String, columns: [Column], rows: [[String]], rowHeaders: Bool = true) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.rowHeaders = rowHeaders
    }
}
