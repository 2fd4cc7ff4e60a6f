import Foundation
import ImpactCore

/// The canonical tables as JSON files in a folder: `<table>.json` holding an array of objects, or
/// `<table>.ndjson` / `<table>.jsonl` with one object per line. Each object is a row; numbers keep their
/// exact text; `null` is an empty cell; a nested object or array is an error. Rows are numbered by the
/// object's position in the array, or by line in newline-delimited files.
public struct JSONFolderSource: TableSource {
    public let root: String
    public let settings: SourceSettings

    public init(root: String, settings: SourceSettings) {
        self.root = root
        self.settings = settings
    }

    public func read(log: inout DiagnosticLog) -> SourceReading {
        var result = SourceReading()
        for table in CanonicalTable.allCases {
            let (found, candidates) = SourceFiles.locate(
                table, root: root, folder: settings.path ?? ".", configured: settings.tables[table]?.name,
                extensions: ["json", "ndjson", "jsonl"], log: &log)
            guard let relative = found else {
                if let candidates { result.lookedFor[table] = candidates } else { result.reported.insert(table) }
                continue
            }
            let path = relative.hasPrefix("/") ? relative : root + "/" + relative
            guard let (bytes, sha256) = CSVFolderSource.readFile(path, label: relative, log: &log) else {
                result.reported.insert(table)  // found but unreadable: not also "not found"
                continue
            }
            guard var raw = Self.parse(settings.encoding.utf8(bytes), source: relative, log: &log) else {
                result.reported.insert(table)  // unreadable as a whole (reported): not also "not found"
                continue
            }
            if raw.header.isEmpty && raw.records.isEmpty {
                // `[]` or an empty .ndjson file: an empty table, which has every column and no row (its
                // keys cannot name them).
                raw = RawTable(source: relative, header: table.columns.map(\.name), records: [])
            }
            result.tables[table] = raw
            result.inputs.append(
                InputFile(
                    source: relative, table: table.rawValue, rows: raw.records.count, sha256: sha256))
        }
        return result
    }

    /// The objects of a JSON array or of newline-delimited JSON as a raw table; nil (logged) when the
    /// file as a whole is not UTF-8 text or not a JSON array (a line of newline-delimited JSON that is not
    /// valid is reported, and the others read).
    public static func parse(_ bytes: [UInt8], source: String, log: inout DiagnosticLog) -> RawTable? {
        var content = bytes
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content.removeFirst(3) }
        guard let text = String(validating: content, as: UTF8.self) else {
            log.error(source, "is not valid UTF-8 text")
            return nil
        }
        var objects: [(row: Int, node: JSONNode)] = []
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        if trimmed.first == "[" {
            do throws(JSONReader.Failure) {
                guard case .array(let items) = try JSONReader.parse(text) else {
                    log.error(source, "is not valid JSON: not an array of objects")
                    return nil
                }
                objects = items.enumerated().map { ($0.offset + 1, $0.element) }
            } catch {
                log.error(source, "is not valid JSON: \(error.message) (at byte \(error.offset + 1))")
                return nil
            }
        } else {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let body = line.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !body.isEmpty else { continue }
                do throws(JSONReader.Failure) {
                    objects.append((index + 1, try JSONReader.parse(String(body))))
                } catch {
                    log.error(source, row: index + 1, "is not valid JSON: \(error.message)")
                }
            }
        }
        var keys = Set<String>()
        for (_, node) in objects { if case .object(let members) = node { keys.formUnion(members.keys) } }
        let header = keys.sorted()
        var records: [RawRecord] = []
        for (row, node) in objects {
            guard case .object(let members) = node else {
                log.error(
                    source, row: row, "is not a JSON object (each row must be an object of column names and values)")
                continue
            }
            var fields: [String] = []
            var valid = true
            for key in header {
                switch members[key] {
                case nil, .null?: fields.append("")
                case .string(let text)?: fields.append(text)
                // As written: the data contract's numbers have no exponent (DATA.md), in JSON too.
                case .number(let text)?: fields.append(text)
                case .bool(let flag)?: fields.append(flag ? "true" : "false")
                case .nonFinite(let word)?:
                    log.error(source, row: row, column: key, value: word, "is not a number")
                    valid = false
                case .array?, .object?:
                    log.error(
                        source, row: row, column: key,
                        "holds a nested value; a cell must be text, a number, true, false or null")
                    valid = false
                }
            }
            if valid { records.append(RawRecord(row: row, fields: fields)) }
        }
        return RawTable(source: source, header: header, records: records)
    }
}
