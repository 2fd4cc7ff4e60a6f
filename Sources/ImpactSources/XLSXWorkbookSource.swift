import Foundation
import ImpactCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The canonical tables as sheets of one XLSX workbook: a sheet named after each table (or the sheet
/// configured for it), with the header in `headerRow`. Cells are read as a spreadsheet shows them:
/// shared and inline strings, numbers as stored, booleans, and dates stored as serial numbers (1900 and
/// 1904 date systems) as `YYYY-MM-DD`. Rows keep their spreadsheet numbers.
///
/// The workbook is a zip archive (see `ZipDirectory`); every part is read under a size limit, so a zip
/// bomb is refused rather than unpacked.
public struct XLSXWorkbookSource: TableSource {
    public let root: String
    public let settings: SourceSettings
    /// The most a single part of the workbook may unpack to, and all parts together.
    static let partLimit = 256 << 20
    static let totalLimit = 512 << 20

    public init(root: String, settings: SourceSettings) {
        self.root = root
        self.settings = settings
    }

    public func read(log: inout DiagnosticLog) -> SourceReading {
        var result = SourceReading()
        let relative = settings.path ?? "workbook.xlsx"
        let path = relative.hasPrefix("/") ? relative : root + "/" + relative
        // A workbook that cannot be read was reported; its tables are not reported missing too.
        var failed = result
        failed.reported = Set(CanonicalTable.allCases)
        guard let (bytes, sha256) = CSVFolderSource.readFile(path, label: relative, log: &log) else { return failed }
        let workbook: XLSXWorkbook
        do {
            workbook = try XLSXWorkbook(bytes: bytes)
        } catch {
            log.error(relative, "is not a readable XLSX workbook: \(error.message)")
            return failed
        }
        for table in CanonicalTable.allCases {
            let sheetName = settings.tables[table]?.name ?? table.rawValue
            guard workbook.sheetNames.contains(sheetName) else {
                if settings.tables[table]?.name != nil {
                    log.error(
                        relative,
                        "has no sheet '\(sheetName)' (sheets: \(workbook.sheetNames.map { "'\($0)'" }.joined(separator: ", ")))"
                    )
                } else {
                    result.lookedFor[table] = ["\(relative)[\(sheetName)]"]
                }
                continue
            }
            let source = "\(relative)[\(sheetName)]"
            do {
                let rows = try workbook.rows(ofSheet: sheetName)
                let raw = Self.table(rows, headerRow: settings.headerRow, source: source, log: &log)
                result.tables[table] = raw
                result.inputs.append(
                    InputFile(
                        source: source, table: table.rawValue, rows: raw.records.count, sha256: sha256)
                )
            } catch {
                log.error(source, "cannot be read: \(error.message)")
                result.reported.insert(table)  // found but unreadable: not also "not found"
            }
        }
        return result
    }

    /// Every sheet of a workbook's bytes as a raw table (for tools and fuzzing); problems are logged.
    public static func sheets(of bytes: [UInt8], source: String, headerRow: Int = 1, log: inout DiagnosticLog)
        -> [RawTable]
    {
        do {
            let workbook = try XLSXWorkbook(bytes: bytes)
            var tables: [RawTable] = []
            for name in workbook.sheetNames {
                tables.append(
                    table(
                        try workbook.rows(ofSheet: name), headerRow: headerRow, source: "\(source)[\(name)]", log: &log)
                )
            }
            return tables
        } catch {
            log.error(source, "is not a readable XLSX workbook: \(error.message)")
            return []
        }
    }

    /// Rows (by spreadsheet row number) as a raw table with its header in `headerRow`.
    static func table(
        _ rows: [(row: Int, cells: [Int: String])], headerRow: Int, source: String, log: inout DiagnosticLog
    ) -> RawTable {
        guard let header = rows.first(where: { $0.row == headerRow }) else {
            log.error(source, row: headerRow, "has no header row")
            return RawTable(source: source, header: [], records: [])
        }
        let width = (header.cells.keys.max() ?? -1) + 1
        let names = (0..<width).map { header.cells[$0] ?? "" }
        var records: [RawRecord] = []
        for entry in rows where entry.row > headerRow {
            let values = entry.cells.filter { !$0.value.isEmpty }
            guard !values.isEmpty else { continue }
            let last = max(width, (values.keys.max() ?? -1) + 1)
            records.append(RawRecord(row: entry.row, fields: (0..<last).map { entry.cells[$0] ?? "" }))
        }
        return RawTable(source: source, header: names, records: records)
    }
}

/// What could not be read in a workbook.
struct XLSXError: Error {
    let message: String
}

/// An opened XLSX workbook: its sheets, shared strings, date styles and date system.
struct XLSXWorkbook {
    let archive: ZipDirectory
    let sheetNames: [String]
    let sheetPaths: [String: String]
    let sharedStrings: [String]
    let dateStyles: Set<Int>
    let date1904: Bool
    private let budget = Budget()

    final class Budget: @unchecked Sendable {  // used by one reader on one thread
        var remaining = XLSXWorkbookSource.totalLimit
    }

    init(bytes: [UInt8]) throws(XLSXError) {
        guard bytes.starts(with: [0x50, 0x4B]) else { throw XLSXError(message: "it is not a zip archive") }
        archive = try ZipDirectory(bytes)
        let workbook = try Self.part("xl/workbook.xml", archive, budget)
        let relations = try Self.part("xl/_rels/workbook.xml.rels", archive, budget)
        let parsedWorkbook = XMLElements.parse(workbook)
        date1904 =
            parsedWorkbook.first { $0.name == "workbookPr" }.map {
                ["1", "true"].contains($0.attributes["date1904"] ?? "")
            } ?? false
        var targets: [String: String] = [:]
        for element in XMLElements.parse(relations) where element.name == "Relationship" {
            if let id = element.attributes["Id"], let target = element.attributes["Target"] {
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        var names: [String] = []
        var paths: [String: String] = [:]
        for element in parsedWorkbook where element.name == "sheet" {
            guard let name = element.attributes["name"],
                let id = element.attributes["r:id"] ?? element.attributes["id"],
                let target = targets[id]
            else { continue }
            names.append(name)
            paths[name] = target
        }
        sheetNames = names
        sheetPaths = paths
        var strings: [String] = []
        if archive.entries["xl/sharedStrings.xml"] != nil {
            var current = ""
            var inItem = false
            for element in XMLElements.parse(try Self.part("xl/sharedStrings.xml", archive, budget), text: ["t"]) {
                switch element.name {
                case "si":
                    if inItem { strings.append(current) }
                    current = ""
                    inItem = true
                case "t": current += element.text
                default: break
                }
            }
            if inItem { strings.append(current) }
        }
        sharedStrings = strings
        var dates = Set<Int>()
        if archive.entries["xl/styles.xml"] != nil {
            let styles = XMLElements.parse(try Self.part("xl/styles.xml", archive, budget))
            var customDates = Set<Int>()
            for element in styles where element.name == "numFmt" {
                if let id = element.attributes["numFmtId"].flatMap(Int.init),
                    let code = element.attributes["formatCode"],
                    Self.isDateFormat(code)
                {
                    customDates.insert(id)
                }
            }
            var inCellXfs = false
            var index = 0
            for element in styles {
                if element.name == "cellXfs" {
                    inCellXfs = true
                    continue
                }
                if element.name == "cellStyleXfs" || element.name == "cellStyles" { inCellXfs = false }
                guard inCellXfs, element.name == "xf" else { continue }
                let format = element.attributes["numFmtId"].flatMap(Int.init) ?? 0
                if (14...22).contains(format) || (45...47).contains(format) || customDates.contains(format) {
                    dates.insert(index)
                }
                index += 1
            }
        }
        dateStyles = dates
    }

    /// A part of the archive as text, refused when it would unpack beyond the limits.
    static func part(_ path: String, _ archive: ZipDirectory, _ budget: Budget) throws(XLSXError) -> String {
        let data = try archive.data(path, limit: min(XLSXWorkbookSource.partLimit, budget.remaining))
        budget.remaining -= data.count
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw XLSXError(message: "'\(path)' is not UTF-8 text")
        }
        return text
    }

    /// Whether an Excel number format shows a date: it has d, m or y outside quotes and brackets.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false
        var bracket = false
        for character in code.lowercased() {
            switch character {
            case "\"": quoted.toggle()
            case "[": bracket = true
            case "]": bracket = false
            case "d", "m", "y":
                if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }

    /// The cells of a sheet by row number and column index, as text.
    func rows(ofSheet name: String) throws(XLSXError) -> [(row: Int, cells: [Int: String])] {
        guard let path = sheetPaths[name] else { throw XLSXError(message: "no such sheet") }
        let elements = XMLElements.parse(try Self.part(path, archive, budget), text: ["v", "t"])
        var rows: [(row: Int, cells: [Int: String])] = []
        var current: (row: Int, cells: [Int: String])?
        var cellColumn = 0
        var cellType = ""
        var cellStyle = 0
        var cellValue = ""
        var inCell = false
        var nextRow = 1
        var nextColumn = 0
        func finishCell() throws(XLSXError) {
            guard inCell, current != nil else { return }
            guard let text = text(cellValue, type: cellType, style: cellStyle) else {
                // A corrupt file, not an empty cell: nothing is made up in its place.
                throw XLSXError(
                    message:
                        "a cell in row \(current!.row) refers to shared string '\(cellValue)', which the workbook does not have"
                )
            }
            current!.cells[cellColumn] = text
            inCell = false
        }
        for element in elements {
            switch element.name {
            case "row":
                try finishCell()
                if let row = current { rows.append(row) }
                let number = element.attributes["r"].flatMap(Int.init) ?? nextRow
                guard (1...Self.maxRows).contains(number) else {
                    throw XLSXError(
                        message: "row number '\(element.attributes["r"] ?? "")' is outside 1…\(Self.maxRows)")
                }
                current = (number, [:])
                nextRow = number + 1
                nextColumn = 0
            case "c":
                try finishCell()
                inCell = true
                if let reference = element.attributes["r"] {
                    guard let column = Self.column(reference) else {
                        throw XLSXError(message: "cell reference '\(reference)' is outside columns A…XFD")
                    }
                    cellColumn = column
                } else {
                    cellColumn = nextColumn
                }
                guard cellColumn < Self.maxColumns else {
                    throw XLSXError(message: "a row has more than \(Self.maxColumns) cells")
                }
                nextColumn = cellColumn + 1
                cellType = element.attributes["t"] ?? "n"
                cellStyle = element.attributes["s"].flatMap(Int.init) ?? 0
                cellValue = ""
            case "v", "t":
                if inCell { cellValue += element.text }
            default:
                break
            }
        }
        try finishCell()
        if let row = current { rows.append(row) }
        return rows
    }

    /// Excel's limits: 16,384 columns (A…XFD) and 1,048,576 rows. A workbook claiming more is refused
    /// rather than allowed to allocate without bound.
    static let maxColumns = 16_384
    static let maxRows = 1_048_576

    /// The 0-based column of a reference such as `C12`; nil beyond XFD or without letters.
    static func column(_ reference: String) -> Int? {
        var column = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard scalar >= "A" && scalar <= "Z" else { break }
            column = column * 26 + Int(scalar.value - 64)
            letters += 1
            if letters > 3 || column > maxColumns { return nil }
        }
        return letters > 0 ? column - 1 : nil
    }

    /// A cell's value as the spreadsheet shows it; nil for a shared string the workbook does not have.
    func text(_ value: String, type: String, style: Int) -> String? {
        switch type {
        case "s":
            guard !value.isEmpty else { return "" }
            return Int(value).flatMap { $0 >= 0 && $0 < sharedStrings.count ? sharedStrings[$0] : nil }
        case "b": return value == "1" ? "true" : value == "0" ? "false" : value
        case "inlineStr", "str", "e": return value
        default:
            guard !value.isEmpty else { return "" }
            if dateStyles.contains(style), let serial = Double(value), serial >= 0, serial < 2_958_466 {
                let day = Int(serial.rounded(.down))
                let base =
                    date1904
                    ? CalendarDate(year: 1904, month: 1, day: 1)!.dayNumber
                    : CalendarDate(year: 1899, month: 12, day: 31)!.dayNumber
                // The 1900 system counts a 29 February 1900 that never was: serials from 60 on are a day ahead.
                let offset = !date1904 && day >= 60 ? day - 1 : day
                return CalendarDate(dayNumber: base + offset).description
            }
            return Self.number(value)
        }
    }

    /// A stored number as a person reads it: `1234.56`, not `1.23456E3` or `0.30000000000000004`.
    /// A plain stored number of up to 6 decimals is kept as written; any other (an exponent, more decimals:
    /// a formula's result) is read as the double it is (`FieldText.decimalText`).
    static func number(_ stored: String) -> String {
        let plain = stored.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" }
        let decimals = stored.split(separator: ".").dropFirst().first?.count ?? 0
        guard !plain || decimals > 6, let double = Double(stored), double.isFinite else { return stored }
        return FieldText.decimalText(double)
    }
}

/// A flat list of XML elements (name, attributes, direct text) — enough for the parts of a workbook,
/// read with Foundation's XMLParser.
enum XMLElements {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text: String
    }

    final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var textOf: Set<String> = []
        var open: [Int] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let name = elementName.split(separator: ":").last.map(String.init) ?? elementName
            elements.append(Element(name: name, attributes: attributes, text: ""))
            open.append(textOf.contains(name) ? elements.count - 1 : -1)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            _ = open.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let index = open.last, index >= 0 { elements[index].text += string }
        }
    }

    static func parse(_ text: String, text names: Set<String> = []) -> [Element] {
        let parser = XMLParser(data: Data(text.utf8))
        let collector = Collector()
        collector.textOf = names
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        _ = parser.parse()  // a malformed part yields the elements read so far; the caller checks what it needs
        return collector.elements
    }
}
