import Crypto
import Foundation
import ImpactCore

/// The canonical tables of a workspace as CSV files: `<table>.csv` directly in the workspace folder or in
/// its `data/` subfolder, or in a configured folder, or configured file by file.
public struct CSVFolderSource: TableSource {
    /// The workspace folder; sources are named relative to it.
    public let root: String
    public let settings: SourceSettings

    public init(root: String, settings: SourceSettings = SourceSettings(kind: .csv)) {
        self.root = root
        self.settings = settings
    }

    /// A CSV folder source with the older settings: a folder and files per table.
    public init(root: String, folder: String? = nil, files: [CanonicalTable: String] = [:]) {
        var settings = SourceSettings(kind: .csv, path: folder)
        for (table, file) in files { settings.tables[table, default: TableSettings()].name = file }
        self.init(root: root, settings: settings)
    }

    /// Reads every table it finds; an unreadable file and every CSV problem are logged.
    public func read(log: inout DiagnosticLog) -> SourceReading {
        var result = SourceReading()
        for table in CanonicalTable.allCases {
            let (found, candidates) = SourceFiles.locate(
                table, root: root, folder: settings.path, configured: settings.tables[table]?.name, extensions: ["csv"],
                log: &log)
            guard let relative = found else {
                if let candidates { result.lookedFor[table] = candidates } else { result.reported.insert(table) }
                continue
            }
            let path = relative.hasPrefix("/") ? relative : root + "/" + relative
            guard let bytes = Self.readFile(path, label: relative, log: &log) else { continue }
            let raw = Self.parse(
                settings.encoding.utf8(bytes), source: relative, delimiter: settings.delimiter, log: &log)
            result.tables[table] = raw
            result.inputs.append(
                InputFile(
                    source: relative, table: table.rawValue, rows: raw.records.count, sha256: SHA256Hex.digest(bytes)))
        }
        return result
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
    public static func parse(
        _ bytes: [UInt8], source: String, delimiter: UInt8 = UInt8(ascii: ","), log: inout DiagnosticLog
    ) -> RawTable {
        var reader = CSVReader(bytes: bytes, delimiter: delimiter)
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
