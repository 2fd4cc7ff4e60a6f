import Foundation
internal import GRDB
import ImpactCore
import ImpactSources

/// The canonical tables in a SQLite file (read with GRDB, read-only): a table per canonical table, named
/// after it or as configured, or a SQL query per table. Values are read as text: integers and text as
/// stored, reals in their shortest form, NULL as an empty cell; a blob is an error. Rows are numbered
/// from 1 in the order the query returns them.
public struct SQLiteSource: TableSource {
    public let root: String
    public let settings: SourceSettings

    public init(root: String, settings: SourceSettings) {
        self.root = root
        self.settings = settings
    }

    public func read(log: inout DiagnosticLog) -> SourceReading {
        var result = SourceReading()
        // A database that cannot be read was reported; its tables are not reported missing too.
        var failed = result
        failed.reported = Set(CanonicalTable.allCases)
        let relative = settings.path ?? "workspace.sqlite"
        let path = relative.hasPrefix("/") ? relative : root + "/" + relative
        guard let bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
            log.error(relative, "cannot be read")
            return failed
        }
        guard bytes.starts(with: Array("SQLite format 3\u{0}".utf8)) else {
            log.error(relative, "is not a SQLite database")
            return failed
        }
        let digest = SHA256Hex.digest(bytes)
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in
                for table in CanonicalTable.allCases {
                    let settings = self.settings.tables[table]
                    let name = settings?.name ?? table.rawValue
                    let sql: String
                    if let query = settings?.query {
                        sql = query
                    } else {
                        guard try db.tableExists(name) else {
                            if settings?.name != nil {
                                log.error(relative, "has no table '\(name)'")
                            } else {
                                result.lookedFor[table] = ["\(relative)[\(name)]"]
                            }
                            continue
                        }
                        sql = "SELECT * FROM \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\""
                    }
                    let source = "\(relative)[\(settings?.query != nil ? table.rawValue : name)]"
                    do {
                        let statement = try db.makeStatement(sql: sql)
                        let header = statement.columnNames
                        var records: [RawRecord] = []
                        let cursor = try Row.fetchCursor(statement)
                        var number = 0
                        while let row = try cursor.next() {
                            number += 1
                            var fields: [String] = []
                            var valid = true
                            for (index, value) in row.databaseValues.enumerated() {
                                switch value.storage {
                                case .null: fields.append("")
                                case .int64(let integer): fields.append(String(integer))
                                case .double(let double): fields.append(FieldText.decimalText(double))
                                case .string(let text): fields.append(text)
                                case .blob:
                                    log.error(
                                        source, row: number, column: header[index],
                                        "holds binary data, not text or a number")
                                    valid = false
                                    fields.append("")
                                }
                            }
                            if valid { records.append(RawRecord(row: number, fields: fields)) }
                        }
                        result.tables[table] = RawTable(source: source, header: header, records: records)
                        result.inputs.append(
                            InputFile(source: source, table: table.rawValue, rows: records.count, sha256: digest))
                    } catch let error as DatabaseError {
                        log.error(source, "cannot be read: \(error.message ?? "SQL error")")
                    }
                }
            }
        } catch let error as DatabaseError {
            log.error(relative, "cannot be read as a SQLite database: \(error.message ?? "error \(error.resultCode)")")
            return failed
        } catch {
            log.error(relative, "cannot be read as a SQLite database")
            return failed
        }
        return result
    }
}
