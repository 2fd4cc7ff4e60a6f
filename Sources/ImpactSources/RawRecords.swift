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

    /// A CSV file's bytes and the lines of its records.
    struct Lines: Sendable {
        /// The bytes of one record's line, its line end included.
        func bytes(of line: Line, in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: buffer[line.start..<(line.start + Int(line.length))])
        }

        let bytes: [UInt8]
        let lines: [Line]
        let delimiter: UInt8
    }

    enum Storage: Sendable {
        case records([RawRecord])
        case lines(Lines)
    }

    let storage: Storage

    public init(_ records: [RawRecord]) {
        storage = .records(records)
    }

    init(bytes: [UInt8], lines: [Line], delimiter: UInt8) {
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

    /// The file and lines of records kept as CSV lines; nil for records kept as fields.
    var csvLines: Lines? {
        if case .lines(let lines) = storage { return lines }
        return nil
    }
}
