import ImpactCore

/// Where each canonical column is in a raw table's header. Header names are matched to canonical names
/// case-insensitively after trimming (a source's own headers were renamed by `TableMapping` before).
struct ColumnMap {
    let table: CanonicalTable
    let source: String
    private let positions: [(name: String, position: Int)]
    let width: Int

    /// Maps the header, reporting a column named twice and missing required columns as errors (the table
    /// is then unusable: nil) and unknown columns as one warning.
    init?(table: CanonicalTable, raw: RawTable, log: inout DiagnosticLog) {
        // No header at all: the source said why where it read the file (empty, no header row, a header
        // that is not text); "missing required columns" would be a second error for the same problem.
        guard !raw.header.isEmpty else { return nil }
        self.table = table
        self.source = raw.source
        self.width = raw.header.count
        let canonical = Set(table.columns.map(\.name))
        var indexes: [String: Int] = [:]
        var unknown: [String] = []
        var usable = true
        for (position, header) in raw.header.enumerated() {
            let key = FieldText.trim(header).lowercased()
            let name = key
            guard canonical.contains(name) else {
                unknown.append(FieldText.trim(header))
                continue
            }
            if let first = indexes[name] {
                log.error(
                    raw.source, row: 1, column: name,
                    "appears twice in the header (columns \(first + 1) and \(position + 1))")
                usable = false
            } else {
                indexes[name] = position
            }
        }
        let missing = table.columns.filter { $0.required && indexes[$0.name] == nil }.map(\.name)
        if !missing.isEmpty, let (delimiter, name) = Self.otherDelimiter(raw.header, table: table) {
            // A spreadsheet's export with another separator: one line says why, not one per column.
            log.error(
                raw.source, row: 1,
                "the header looks separated by \(name): give the source delimiter: \(delimiter) in impact.yml (a sources: entry of type csv)"
            )
            return nil
        }
        if !missing.isEmpty {
            let names = missing.map { "'\($0)'" }.joined(separator: ", ")
            log.error(raw.source, row: 1, "missing required column\(missing.count > 1 ? "s" : "") \(names)")
            usable = false
        }
        if !unknown.isEmpty {
            let names = unknown.map { "'\(Diagnostic.display($0))'" }.joined(separator: ", ")
            log.warning(raw.source, row: 1, "unknown column\(unknown.count > 1 ? "s" : "") \(names) ignored")
        }
        guard usable else { return nil }
        self.positions = indexes.map { ($0.key, $0.value) }.sorted { $0.position < $1.position }
    }

    /// The delimiter (as impact.yml writes it, and as a person names it) that splits the header into
    /// fields naming every required column of `table`, when the delimiter it was read with did not.
    static func otherDelimiter(_ header: [String], table: CanonicalTable) -> (String, String)? {
        let required = Set(table.columns.filter(\.required).map(\.name))
        for (character, yaml, name) in [
            (",", "\",\"", "commas"), (";", "\";\"", "semicolons"), ("\t", "tab", "tabs"), ("|", "\"|\"", "bars"),
        ] {
            let names = header.flatMap { $0.split(separator: Character(character)) }.map {
                FieldText.trim(String($0)).lowercased()
            }
            if names.count > header.count, required.isSubset(of: names) { return (yaml, name) }
        }
        return nil
    }

    /// The position of a canonical column, nil when the table has no such column. A scan of the few
    /// columns (names are compared by their bytes, usually the same literal) is faster than hashing the
    /// name for every field of every row.
    func index(of column: String) -> Int? {
        for (name, position) in positions where name == column { return position }
        return nil
    }
}
