import ImpactCore

/// Reads the typed fields of one record, reporting each bad value with its row, column and value.
/// `failed` is set when a field could not be read, so that the record is left out of further checks.
struct RowReader {
    /// A record's fields: texts, or the bytes of a quote-free CSV line with where each field ends.
    private enum Fields {
        case texts([String])
        /// Field i is `line[bounds[i] ..< bounds[i + 1] - 1]`, valid UTF-8 (the file was read once
        /// already). Both are only borrowed: a reader of a line lives no longer than the call given it.
        case line(UnsafeBufferPointer<UInt8>, bounds: UnsafeBufferPointer<Int>)
    }

    let map: ColumnMap
    let row: Int
    private let fields: Fields
    private(set) var failed = false

    init(map: ColumnMap, record: RawRecord) {
        self.map = map
        self.row = record.row
        self.fields = .texts(record.fields)
    }

    /// A reader of a quote-free CSV line's content (no line end), split at `bounds` (`LineScan.fields`):
    /// what the CSV reader would give for the line, without making a text for every field of it first
    /// (a quarter of typing the small tables, their 220,000 rows at full size, went to the texts' arrays,
    /// profiled).
    init(map: ColumnMap, line: UnsafeBufferPointer<UInt8>, bounds: UnsafeBufferPointer<Int>, row: Int) {
        self.map = map
        self.row = row
        self.fields = .line(line, bounds: bounds)
    }

    var source: String { map.source }

    /// The bytes of field `index`, or nil when the record has no such field (a line's reader only).
    private func fieldBytes(_ index: Int, in line: UnsafeBufferPointer<UInt8>, _ bounds: UnsafeBufferPointer<Int>)
        -> UnsafeBufferPointer<UInt8>?
    {
        guard index + 1 < bounds.count else { return nil }
        return UnsafeBufferPointer(rebasing: line[bounds[index]..<(bounds[index + 1] - 1)])
    }

    /// The trimmed text of a column; nil when the column is absent or the field is empty.
    func text(_ column: String) -> String? {
        guard let index = map.index(of: column) else { return nil }
        switch fields {
        case .texts(let texts):
            guard index < texts.count else { return nil }
            let value = FieldText.trim(texts[index])
            return value.isEmpty ? nil : value
        case .line(let line, let bounds):
            guard let bytes = fieldBytes(index, in: line, bounds) else { return nil }
            var field = bytes[...]
            // Trimmed as `FieldText.trim` trims: spaces and tabs at either end.
            while let first = field.first, first == 0x20 || first == 0x09 { field = field.dropFirst() }
            while let last = field.last, last == 0x20 || last == 0x09 { field = field.dropLast() }
            return field.isEmpty ? nil : String(decoding: field, as: UTF8.self)
        }
    }

    /// The raw (untrimmed) text, for messages.
    func rawText(_ column: String) -> String {
        guard let index = map.index(of: column) else { return "" }
        switch fields {
        case .texts(let texts):
            return index < texts.count ? texts[index] : ""
        case .line(let line, let bounds):
            return fieldBytes(index, in: line, bounds).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    mutating func fail(_ column: String, _ message: String, log: inout DiagnosticLog, organization: Identifier? = nil) {
        failed = true
        log.error(source, row: row, column: column, value: rawText(column), message, organization: organization)
    }

    private mutating func present(_ column: String, log: inout DiagnosticLog) -> String? {
        if let value = text(column) { return value }
        if map.table.columns.first(where: { $0.name == column })?.required == true {
            failed = true
            log.error(source, row: row, column: column, "is empty; a value is required")
        }
        return nil
    }

    mutating func id(_ column: String, log: inout DiagnosticLog) -> Identifier? {
        present(column, log: &log).map { Identifier($0) }
    }

    /// An id that must name a row of another table; `table` nil when that table is absent (reported once
    /// elsewhere).
    mutating func reference(_ column: String, in table: ReferenceTable?, log: inout DiagnosticLog) -> Identifier? {
        referencePosition(column, in: table, log: &log)?.id
    }

    /// The same with the id's position in the table (-1 without a table, or for an id it lacks). An id whose
    /// own row was left out for errors is reported as that, with the row.
    mutating func referencePosition(_ column: String, in table: ReferenceTable?, log: inout DiagnosticLog) -> (
        id: Identifier, position: Int32
    )? {
        guard let id = id(column, log: &log) else { return nil }
        guard let table else { return (id, -1) }
        guard let position = table.ids.position(of: id) else {
            if let place = table.rejected[id] {
                fail(column, "is in \(table.name) at \(place), but that row has errors", log: &log)
            } else {
                fail(column, "is not in \(table.name)", log: &log)
            }
            return (id, -1)
        }
        return (id, position)
    }

    mutating func string(_ column: String, log: inout DiagnosticLog) -> String? {
        present(column, log: &log)
    }

    mutating func enumeration<Value: RawRepresentable>(_ column: String, _ type: Value.Type, log: inout DiagnosticLog)
        -> Value? where Value.RawValue == String
    {
        guard let text = present(column, log: &log) else { return nil }
        if let value = Value(rawValue: text) ?? Value(rawValue: text.lowercased()) { return value }
        if case .enumeration(let values) = map.table.columns.first(where: { $0.name == column })?.type {
            fail(column, "is not one of \(values.joined(separator: ", "))", log: &log)
        }
        return nil
    }

    mutating func bool(_ column: String, log: inout DiagnosticLog) -> Bool? {
        guard let text = present(column, log: &log) else { return nil }
        if let value = FieldText.bool(text) { return value }
        fail(column, "is not a yes/no value (true, false, yes, no, 1 or 0)", log: &log)
        return nil
    }

    mutating func date(_ column: String, log: inout DiagnosticLog) -> CalendarDate? {
        guard let text = present(column, log: &log) else { return nil }
        if let date = CalendarDate(iso: text) { return date }
        fail(column, "is not a valid date (YYYY-MM-DD)", log: &log)
        return nil
    }

    /// A money or number field; `nonNegative` rejects values below zero.
    mutating func decimal(_ column: String, nonNegative: Bool = false, log: inout DiagnosticLog) -> ExactDecimal? {
        guard let text = present(column, log: &log) else { return nil }
        guard let value = ExactDecimal(text) else {
            fail(
                column, "is not a number (up to 15 digits, optionally '.' and up to 6 decimals, e.g. 1234.56)",
                log: &log)
            return nil
        }
        if nonNegative && value < .zero {
            fail(column, "must not be negative", log: &log)
            return nil
        }
        return value
    }

    mutating func period(_ column: String, log: inout DiagnosticLog) -> Period? {
        guard let text = present(column, log: &log) else { return nil }
        if let period = Period(text) { return period }
        fail(column, "is not a fiscal quarter (YYYY-Qn) or a month (YYYY-MM)", log: &log)
        return nil
    }

    /// A fiscal quarter; a month is refused.
    mutating func quarter(_ column: String, log: inout DiagnosticLog) -> Quarter? {
        switch period(column, log: &log) {
        case .quarter(let quarter): return quarter
        case .month:
            fail(column, "is a month; a fiscal quarter (YYYY-Qn) is needed here", log: &log)
            return nil
        case nil: return nil
        }
    }

    /// A currency code; empty = `fallback`.
    mutating func currency(_ column: String, fallback: Currency?, log: inout DiagnosticLog) -> Currency? {
        guard let text = present(column, log: &log) else { return fallback }
        if let currency = Currency(code: text) { return currency }
        fail(column, "is not an ISO 4217 currency code (three letters, e.g. EUR)", log: &log)
        return nil
    }
}
