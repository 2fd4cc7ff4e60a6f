import Crypto
import Foundation
import ImpactCore

/// The canonical tables of a workspace as CSV files: `<table>.csv` directly in the workspace folder or in
/// its `data/` subfolder, or in a configured folder, or configured file by file.
public struct CSVFolderSource: TableSource {
    /// The workspace folder; sources are named relative to it.
    public let root: String
    public let settings: SourceSettings
    /// Whether each file's SHA-256 is made (`InputFile.sha256`); not for a check whose output shows none.
    public let digests: Bool

    public init(root: String, settings: SourceSettings = SourceSettings(kind: .csv), digests: Bool = true) {
        self.root = root
        self.settings = settings
        self.digests = digests
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
            // The file's hash may still be being made while it is parsed: it is asked for (waited for) once
            // the file is parsed.
            guard let contents = Self.contents(path, label: relative, hashing: digests, log: &log),
                let text = Self.utf8(contents.bytes, encoding: settings.encoding, label: relative, log: &log)
            else {
                result.reported.insert(table)  // found but unreadable: not also "not found"
                continue
            }
            let raw = Self.parse(text, source: relative, delimiter: settings.delimiter, log: &log)
            result.tables[table] = raw
            // Its digest is asked for once the tables are typed (`InputList`), its hasher running meanwhile.
            result.inputs.append(
                source: relative, table: table.rawValue, rows: raw.records.count, digest: contents.digest)
        }
        return result
    }

    /// A file's text as UTF-8: UTF-16 when it starts with a UTF-16 byte-order mark (as spreadsheet
    /// programs' "Unicode text" exports do: the mark says what the bytes are, whatever the configured
    /// encoding), else in the source's encoding. nil (logged) for UTF-16 that is not valid: nothing is
    /// replaced.
    static func utf8(_ bytes: InputBytes, encoding: TextEncoding, label: String, log: inout DiagnosticLog)
        -> InputBytes?
    {
        let littleEndian = bytes.starts(with: [0xFF, 0xFE])
        guard littleEndian || bytes.starts(with: [0xFE, 0xFF]) else {
            return encoding == .utf8 ? bytes : bytes.withUnsafeBufferPointer(encoding.utf8(of:))
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let (first, second) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        guard index == bytes.count, let text = String(validating: units, as: UTF16.self) else {
            log.error(label, "starts with a UTF-16 byte-order mark but is not valid UTF-16 text")
            return nil
        }
        return InputBytes(Array(text.utf8))
    }

    /// A file's bytes and their SHA-256; nil (logged) when it is a folder or cannot be read.
    static func readFile(_ path: String, label: String, log: inout DiagnosticLog) -> (bytes: [UInt8], sha256: String?)?
    {
        contents(path, label: label, log: &log).map { ($0.bytes.array, $0.sha256) }
    }

    /// The same with the digest perhaps still being made, or none without `hashing`.
    static func contents(_ path: String, label: String, hashing: Bool = true, log: inout DiagnosticLog)
        -> FileBytes.Contents?
    {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            log.error(label, "is a folder, not a file")
            return nil
        }
        guard let contents = FileBytes.contents(of: path, hashing: hashing) else {
            log.error(label, "cannot be read")
            return nil
        }
        return contents
    }

    /// Parses CSV bytes into a raw table; the first record is the header.
    ///
    /// A file without any quote character is kept as its bytes and its record lines (`RawRecords`):
    /// without quotes every line end ends a record, so the file is cut at line ends into parts read on
    /// every core, each part's first row known from the line ends before it, and a line of plain ASCII
    /// text needs no more than finding its end (a line with anything else is read by the full reader
    /// at once, so that its problems are reported here). Files with quotes are read in one pass into
    /// fields (a quoted field may hold line ends). Records, rows and problems are the same either way.
    public static func parse(
        _ bytes: [UInt8], source: String, delimiter: UInt8 = UInt8(ascii: ","), log: inout DiagnosticLog
    ) -> RawTable {
        parse(InputBytes(bytes), source: source, delimiter: delimiter, log: &log)
    }

    /// The same from an input's bytes (a mapped file's, kept as they are by the lines that refer to them).
    static func parse(
        _ bytes: InputBytes, source: String, delimiter: UInt8 = UInt8(ascii: ","), log: inout DiagnosticLog
    ) -> RawTable {
        var reader = CSVReader(bytes: bytes, delimiter: delimiter)
        var header: [String]?
        while header == nil, let next = reader.next() {
            switch next {
            case .success(let record):
                header = record.fields
            case .failure(let problem):
                report(problem, header: nil, source: source, log: &log)
                return RawTable(source: source, header: [], records: [])
            }
        }
        guard let header else {
            log.error(source, "is empty: a header row naming the columns is needed")
            return RawTable(source: source, header: [], records: [])
        }
        let rest = reader.position..<bytes.count
        // Cut after the first line end at or past each even split point.
        let parts = OrderedParallel.parts(for: rest.count, minimum: 4 << 20)
        var cuts = [rest.lowerBound]
        for part in 1..<parts {
            var cut = max(
                cuts[part - 1], rest.lowerBound + OrderedParallel.range(part, of: parts, total: rest.count).lowerBound)
            while cut < rest.upperBound, bytes[cut - 1] != 0x0A { cut += 1 }
            cuts.append(cut)
        }
        cuts.append(rest.upperBound)
        let bounds = cuts
        // Each part looks for a quote (then the file is read in one pass, below: a quoted field may hold
        // line ends, so the cuts may be wrong), numbers its rows from 0 (so that no pass counts line ends
        // first) and sets aside the rare line that needs the full reader; its rows are then offset by the
        // lines before it, and those lines read and reported with their true rows, part by part in file
        // order. Looking for quotes in the parts rather than before them saves a pass over the file on
        // one core (50 ms at full size).
        let pieces = OrderedParallel.map(parts: parts) { part in
            let range = bounds[part]..<bounds[part + 1]
            return containsQuote(bytes, range) ? nil : recordLines(bytes, range)
        }.compactMap { $0 }
        guard pieces.count == parts else {
            var records: [RawRecord] = []
            read(&reader, header: header, source: source, into: &records, log: &log)
            return RawTable(source: source, header: header, records: records)
        }
        // The checked lines first, part by part in file order (their problems are logged in that order),
        // each kept with its true row if the full reader reads it; then every part's lines are written
        // straight into the array kept, at offsets known from the counts, on every core, in 2 MiB pages:
        // appended one by one to an array, ten million lines took 0.1 s on one core, and merged on one
        // core still 50 ms (profiled).
        var firstRows: [Int] = []
        var kept: [[RawRecords.Line]] = []
        var firstRow = reader.row + 1
        for piece in pieces {
            firstRows.append(firstRow)
            kept.append(piece.checked.compactMap { readChecked($0, firstRow: firstRow) })
            firstRow += piece.rows
        }
        var offsets = [0]
        for (piece, checked) in zip(pieces, kept) { offsets.append(offsets.last! + piece.lines.count + checked.count) }
        let total = offsets.last!
        let starts = offsets
        let rows = firstRows
        let checkedLines = kept
        let lines = [RawRecords.Line](unsafeUninitializedCapacity: total) { buffer, count in
            // No line at all (a header alone): nothing to write, and maybe no storage to write to.
            guard total > 0 else { return }
            nonisolated(unsafe) let buffer = buffer  // each part writes its own range
            _ = OrderedParallel.map(parts: pieces.count) { part in
                let offset = Int32(rows[part])
                var next = starts[part]
                var checked = checkedLines[part][...]
                for line in pieces[part].lines {
                    let row = line.row + offset
                    while let waiting = checked.first, waiting.row < row {
                        buffer.initializeElement(at: next, to: waiting)
                        next += 1
                        checked = checked.dropFirst()
                    }
                    buffer.initializeElement(at: next, to: .init(start: line.start, length: line.length, row: row))
                    next += 1
                }
                for waiting in checked {
                    buffer.initializeElement(at: next, to: waiting)
                    next += 1
                }
                precondition(next == starts[part + 1], "a part's lines fill its range")
            }
            count = total
        }
        return RawTable(
            source: source, header: header, records: RawRecords(bytes: bytes, lines: lines, delimiter: delimiter))

        /// A line the full reader reads, in the part whose first line is row `firstRow`: the line with its
        /// true row, or nil with its problem reported.
        func readChecked(_ line: RawRecords.Line, firstRow: Int) -> RawRecords.Line? {
            let row = firstRow + Int(line.row)
            let range = line.start..<(line.start + Int(line.length))
            var reader = CSVReader(bytes: bytes, range: range, firstRow: row, delimiter: delimiter)
            switch reader.next() {
            case .success?: return .init(start: line.start, length: line.length, row: Int32(row))
            case .failure(let problem)?:
                report(problem, header: header, source: source, log: &log)
                return nil
            case nil: return nil
            }
        }
    }

    /// The lines of a quote-free part of a file, rows numbered from 0 at its first line: the record lines
    /// of plain text, the lines the full reader must check (anything but printable ASCII and tabs), and
    /// how many lines (rows) the part has. Empty lines are skipped but counted.
    private static func recordLines(_ bytes: InputBytes, _ range: Range<Int>) -> (
        lines: [RawRecords.Line], checked: [RawRecords.Line], rows: Int
    ) {
        var lines: [RawRecords.Line] = []
        var checked: [RawRecords.Line] = []
        var row = 0
        bytes.withUnsafeBufferPointer { buffer in
            // Room for the lines the part's first 64 KiB suggest, and an eighth more: grown by doubling, the
            // list was copied about twice over (profiled).
            let sample = min(range.count, 1 << 16)
            let sampled = buffer[range.lowerBound..<(range.lowerBound + sample)].count { $0 == 0x0A }
            if sample > 0 { lines.reserveCapacity(range.count / sample * (sampled + sampled / 8 + 1) + 16) }
            LineScan.forEachLine(buffer, range) { start, end, plain in
                defer { row += 1 }
                let next = end < range.upperBound ? end + 1 : end
                // A CR right before the LF is the line end, not a control character.
                let contentEnd = end < range.upperBound && end > start && buffer[end - 1] == 0x0D ? end - 1 : end
                guard contentEnd > start else { return }
                let line = RawRecords.Line(start: start, length: Int32(next - start), row: Int32(row))
                if plain || buffer[start..<contentEnd].allSatisfy(CSVReader.isPlain) {
                    lines.append(line)
                } else {
                    checked.append(line)
                }
            }
        }
        return (lines, checked, row)
    }

    /// Every record left in `reader`, problems logged.
    private static func read(
        _ reader: inout CSVReader, header: [String], source: String, into records: inout [RawRecord],
        log: inout DiagnosticLog
    ) {
        while let next = reader.next() {
            switch next {
            case .success(let record): records.append(RawRecord(row: record.row, fields: record.fields))
            case .failure(let problem): report(problem, header: header, source: source, log: &log)
            }
        }
    }

    private static func containsQuote(_ bytes: InputBytes, _ range: Range<Int>) -> Bool {
        memchr(bytes.base + range.lowerBound, Int32(UInt8(ascii: "\"")), range.count) != nil
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
