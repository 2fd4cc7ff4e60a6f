import Crypto
import Foundation
import ImpactCore

/// The canonical tables of a workspace as CSV files: `<table>.csv` directly in the workspace folder or in
/// its `data/` subfolder, or in a configured folder, or configured file by file.
public struct CSVFolderSource: Sendable {
    /// The workspace folder; sources are named relative to it.
    public let root: String
    /// A folder (relative to `root`) holding the files; nil = the workspace folder or its `data/`.
    public let folder: String?
    /// Files configured per table (relative to `root`, or absolute).
    public let files: [CanonicalTable: String]

    public init(root: String, folder: String? = nil, files: [CanonicalTable: String] = [:]) {
        self.root = root
        self.folder = folder
        self.files = files
    }

    /// What was read: the raw tables found and a record of each input.
    public struct Result: Sendable {
        public var tables: [CanonicalTable: RawTable] = [:]
        public var inputs: [InputFile] = []
    }

    /// Reads every table it finds; a missing required table, an unreadable file and every CSV problem
    /// are logged.
    public func read(log: inout DiagnosticLog) -> Result {
        var result = Result()
        for table in CanonicalTable.allCases {
            guard let relative = locate(table, log: &log) else { continue }
            let path = relative.hasPrefix("/") ? relative : root + "/" + relative
            guard let bytes = Self.readFile(path, label: relative, log: &log) else { continue }
            let raw = Self.parse(bytes, source: relative, log: &log)
            result.tables[table] = raw
            result.inputs.append(
                InputFile(
                    source: relative, table: table.rawValue, rows: raw.records.count, sha256: SHA256Hex.digest(bytes)))
        }
        result.inputs.sort { $0.source.utf8.lexicographicallyPrecedes($1.source.utf8) }
        return result
    }

    /// The path (relative to the root) of a table's file, nil when it has none.
    func locate(_ table: CanonicalTable, log: inout DiagnosticLog) -> String? {
        let candidates: [String]
        if let file = files[table] {
            candidates = [file]
        } else if let folder {
            candidates = [folder == "." || folder.isEmpty ? table.fileName : folder + "/" + table.fileName]
        } else {
            candidates = [table.fileName, "data/" + table.fileName]
        }
        let found = candidates.filter { candidate in
            FileManager.default.fileExists(atPath: candidate.hasPrefix("/") ? candidate : root + "/" + candidate)
        }
        if found.count > 1 {
            log.error(found[1], "is a second file for table '\(table.rawValue)' beside '\(found[0])'; keep only one")
            return nil
        }
        if found.isEmpty && (table.isRequired || files[table] != nil) {
            let looked = candidates.map { "'\($0)'" }.joined(separator: " and ")
            log.error(candidates[0], "not found: the '\(table.rawValue)' table is required (looked for \(looked))")
        }
        return found.first
    }

    static func readFile(_ path: String, label: String, log: inout DiagnosticLog) -> [UInt8]? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            log.error(label, "is a folder, not a file")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            log.error(label, "cannot be read")
            return nil
        }
        return [UInt8](data)
    }

    /// Parses CSV bytes into a raw table; the first record is the header.
    public static func parse(_ bytes: [UInt8], source: String, log: inout DiagnosticLog) -> RawTable {
        var reader = CSVReader(bytes: bytes)
        var header: [String]?
        var records: [RawRecord] = []
        while let next = reader.next() {
            switch next {
            case .success(let record):
                if header == nil {
                    header = record.fields
                } else {
                    records.append(RawRecord(row: record.row, fields: record.fields))
                }
            case .failure(let problem):
                report(problem, header: header, source: source, log: &log)
                if header == nil { return RawTable(source: source, header: [], records: []) }
            }
        }
        guard let header else {
            log.error(source, "is empty: a header row naming the columns is needed")
            return RawTable(source: source, header: [], records: [])
        }
        return RawTable(source: source, header: header, records: records)
    }

    static func report(_ problem: CSVReader.Problem, header: [String]?, source: String, log: inout DiagnosticLog) {
        func column(_ field: Int) -> String {
            if let header, field < header.count { return FieldText.trim(header[field]) }
            return "#\(field + 1)"
        }
        switch problem {
        case .invalidUTF8(let row, let field, let lossy):
            log.error(source, row: row, column: column(field), value: lossy, "is not valid UTF-8 text")
        case .controlCharacter(let row, let field, let value):
            log.error(
                source, row: row, column: column(field), value: value,
                "contains a control character (NUL or another non-printing character)")
        case .unterminatedQuote(let row):
            log.error(source, row: row, "a quoted field opens in this row and is never closed")
        case .textAfterQuote(let row, let field, let value):
            log.error(source, row: row, column: column(field), value: value, "has text after its closing quote")
        }
    }
}
