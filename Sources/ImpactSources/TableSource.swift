import ImpactCore

/// A place canonical tables come from: a folder of CSV or JSON files, a workbook, a database. Every kind
/// delivers raw tables of text; typing and validation are shared.
public protocol TableSource: Sendable {
    var settings: SourceSettings { get }
    /// The tables found, with a record of every input read; problems are logged.
    func read(log: inout DiagnosticLog) -> SourceReading
}

/// What one source delivered.
public struct SourceReading: Sendable {
    public var tables: [CanonicalTable: RawTable] = [:]
    /// Every input read, a large CSV file's digest perhaps still being made.
    public var inputs = InputList()
    /// Where each table that was not found was looked for, for the message about a missing required table.
    public var lookedFor: [CanonicalTable: [String]] = [:]
    /// Tables whose problem (a file found twice, a configured file missing) was already reported.
    public var reported: Set<CanonicalTable> = []

    public init() {}
}

/// Several sources read together: the tables of each are mapped as configured, and several sources for
/// one table are concatenated (a key repeated across them is reported naming both sources).
public enum SourceSet {
    /// `reported`: the tables a source found but could not use, its problem already logged.
    public static func read(_ sources: [any TableSource], log: inout DiagnosticLog, requireTables: Bool = true) -> (
        tables: [CanonicalTable: [RawTable]], inputs: InputList, reported: Set<CanonicalTable>
    ) {
        var tables: [CanonicalTable: [RawTable]] = [:]
        var inputs = InputList()
        var lookedFor: [CanonicalTable: [String]] = [:]
        var reported: Set<CanonicalTable> = []
        for source in sources {
            let reading = source.read(log: &log)
            for (table, raw) in reading.tables {
                let mapping = TableMapping(
                    table: table, settings: source.settings,
                    tableSettings: source.settings.tables[table] ?? TableSettings())
                tables[table, default: []].append(mapping.apply(raw))
            }
            inputs.append(contentsOf: reading.inputs)
            for (table, places) in reading.lookedFor { lookedFor[table, default: []] += places }
            reported.formUnion(reading.reported)
        }
        for table in CanonicalTable.allCases
        where requireTables && table.isRequired && tables[table] == nil && !reported.contains(table) {
            let places = lookedFor[table] ?? [table.fileName]
            log.error(
                places.first ?? table.fileName,
                "not found: the '\(table.rawValue)' table is required (looked for \(places.map { "'\($0)'" }.joined(separator: " and ")))"
            )
        }
        inputs.sort()
        return (tables, inputs, reported)
    }
}
