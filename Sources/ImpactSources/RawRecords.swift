import ImpactCore

/// The records of a raw table: a list of records, or the lines of a CSV file read when asked for.
///
/// A large CSV file without quotes is kept as its bytes and one small entry per record line (where it
/// starts, how long it is, its row) instead of an array of text fields per record: ten million records
/// as field arrays took about two gigabytes before typing began. A record is read from its line when
/// asked for, by the same reader and with the same result as a reading of the whole file; a typed
/// reader can read the line's bytes directly (`csvLines`).
public struct RawRecords: RandomAccessCollection, Sendable {
    /// One record's line in a CSV file.
    public struct Line: Sendable {
        /// The first byte of the line.
        public let start: Int
        /// The bytes of the line, its line end included.
        public let length: Int32
        /// The row, as a spreadsheet numbers it.
        public let row: Int32
    }

    /// A CSV file's bytes and the lines of its records, shared by the copies of the table that holds them.
    /// Their arrays are kept only here (read, never kept, by those who use them): so when one table alone
    /// holds its lines (`holdsLinesAlone`), its loader may give back the memory of the records it has
    /// typed (`release`).
    final class Lines: Sendable {
        /// The bytes of one record's line, its line end included.
        func bytes(of line: Line, in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: buffer[line.start..<(line.start + Int(line.length))])
        }

        let bytes: InputBytes
        let lines: [Line]
        let delimiter: UInt8

        init(bytes: InputBytes, lines: [Line], delimiter: UInt8) {
            self.bytes = bytes
            self.lines = lines
            self.delimiter = delimiter
        }

        /// Gives the memory of records `range`'s bytes and line entries back to the system (the whole
        /// 2 MiB pages within them): read afterwards, they would be zeros (bytes of their own) or the
        /// file's bytes read again (a mapped file). Only for records typed and never read again, of lines
        /// no other table holds.
        ///
        /// The engagements file's bytes and lines (820 MB at full size) were held until every record was
        /// typed, beside the engagements typed from them (another 800 MB): the peak memory of a
        /// portfolio run (measured). Given back part by part as the parts are typed, they make room for
        /// the engagements.
        func release(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            let first = lines[range.lowerBound]
            let last = lines[range.upperBound - 1]
            bytes.withUnsafeBufferPointer { bytes in
                HugePages.release(
                    UnsafeRawPointer(bytes.baseAddress).map { $0 + first.start },
                    byteCount: last.start + Int(last.length) - first.start)
            }
            lines.withUnsafeBufferPointer { lines in
                HugePages.release(
                    UnsafeRawPointer(lines.baseAddress).map { $0 + range.lowerBound * MemoryLayout<Line>.stride },
                    byteCount: range.count * MemoryLayout<Line>.stride)
            }
        }
    }

    enum Storage: Sendable {
        case records([RawRecord])
        case lines(Lines)
    }

    private(set) var storage: Storage

    public init(_ records: [RawRecord]) {
        storage = .records(records)
    }

    init(bytes: InputBytes, lines: [Line], delimiter: UInt8) {
        storage = .lines(Lines(bytes: bytes, lines: lines, delimiter: delimiter))
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .records(let records): records.count
        case .lines(let lines): lines.lines.count
        }
    }

    public subscript(position: Int) -> RawRecord {
        switch storage {
        case .records(let records):
            return records[position]
        case .lines(let lines):
            let line = lines.lines[position]
            var reader = CSVReader(
                bytes: lines.bytes, range: line.start..<(line.start + Int(line.length)), firstRow: Int(line.row),
                delimiter: lines.delimiter)
            // The file was read once already: this line is a record without a problem.
            guard case .success(let record)? = reader.next() else {
                preconditionFailure("CSV line \(line.row) no longer reads as a record")
            }
            return RawRecord(row: record.row, fields: record.fields)
        }
    }

    /// Whether these records are CSV lines that no copy of them shares (their memory may be given back
    /// as they are typed, `Lines.release`).
    mutating func holdsLinesAlone() -> Bool {
        guard case .lines(var lines) = storage else { return false }
        storage = .records([])  // so that `lines` is this value's only reference
        defer { storage = .lines(lines) }
        return isKnownUniquelyReferenced(&lines)
    }

    /// The file and lines of records kept as CSV lines; nil for records kept as fields.
    var csvLines: Lines? {
        if case .lines(let lines) = storage { return lines }
        return nil
    }
}
