/// Reads RFC 4180 CSV from bytes: quoted fields with commas, quotes and line breaks; LF or CRLF line
/// ends; a UTF-8 byte-order mark. Rows are numbered as a spreadsheet shows them: every record and every
/// empty line counts once, whatever line breaks its quoted fields hold.
///
/// It works on bytes rather than through a CSV package because the data contract's checks are byte-level
/// (NUL and control characters, invalid UTF-8, where a quote opened) and the packages available here were
/// measured 20–80 times slower than a byte scan on large files (see the performance issue's figures).
struct CSVReader {
    /// One record: its row number and its fields as text.
    struct Record {
        let row: Int
        let fields: [String]
    }

    /// A problem in the CSV structure or encoding. `field` is the 0-based field index.
    enum Problem: Error, Equatable {
        case invalidUTF8(row: Int, field: Int, lossy: String)
        case controlCharacter(row: Int, field: Int, value: String)
        case unterminatedQuote(row: Int)
        case textAfterQuote(row: Int, field: Int, value: String)
    }

    private let bytes: InputBytes
    /// Where the next record starts.
    private(set) var position: Int
    /// Where reading stops: the end of the input, or of the part of it this reader was given.
    private let end: Int
    private(set) var row = 0
    private let delimiter: UInt8
    private var finished = false

    init(bytes: InputBytes, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.end = bytes.count
    }

    /// A reader of the records in `range` of `bytes`, whose first line is row `firstRow`. The range must
    /// start at the beginning of a line and end after a line end (or at the end of the input), outside
    /// any quoted field.
    init(bytes: InputBytes, range: Range<Int>, firstRow: Int, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = range.lowerBound
        self.end = range.upperBound
        self.row = firstRow - 1
    }

    /// The next record, a problem, or nil at the end. After an unterminated quote the reader stops: the
    /// rest of the file is inside the quote.
    mutating func next() -> Result<Record, Problem>? {
        while !finished {
            guard position < end else { return nil }
            row += 1
            // A completely empty line is skipped but counts as a row.
            if bytes[position] == 0x0A {
                position += 1
                continue
            }
            if bytes[position] == 0x0D, position + 1 < end, bytes[position + 1] == 0x0A {
                position += 2
                continue
            }
            return readRecord()
        }
        return nil
    }

    private mutating func readRecord() -> Result<Record, Problem> {
        let recordRow = row
        var fields: [String] = []
        var problem: Problem?
        var buffer: [UInt8] = []
        while true {
            buffer.removeAll(keepingCapacity: true)
            let fieldIndex = fields.count
            var hasControl = false
            var afterQuote = false
            // An unquoted field of ASCII bytes, made into text straight from `bytes`.
            var plainText: String?
            if position < end, bytes[position] == UInt8(ascii: "\"") {
                // Quoted field: up to a quote not followed by another quote.
                position += 1
                var closed = false
                while position < end {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "\"") {
                        if position + 1 < end, bytes[position + 1] == UInt8(ascii: "\"") {
                            buffer.append(byte)
                            position += 2
                            continue
                        }
                        position += 1
                        closed = true
                        break
                    }
                    if Self.isControl(byte) && byte != 0x0A && byte != 0x0D { hasControl = true }
                    buffer.append(byte)
                    position += 1
                }
                if !closed {
                    finished = true
                    return .failure(.unterminatedQuote(row: recordRow))
                }
                // Anything between the closing quote and the delimiter or line end is malformed.
                while position < end, bytes[position] != delimiter, bytes[position] != 0x0A,
                    !(bytes[position] == 0x0D && position + 1 < end && bytes[position + 1] == 0x0A)
                {
                    afterQuote = true
                    buffer.append(bytes[position])
                    position += 1
                }
            } else {
                // Unquoted: the field is the bytes up to the delimiter or the line end, taken as they are.
                let start = position
                var ascii = true
                while position < end {
                    let byte = bytes[position]
                    if byte == delimiter || byte == 0x0A { break }
                    if byte == 0x0D, position + 1 < end, bytes[position + 1] == 0x0A { break }
                    if Self.isControl(byte) { hasControl = true }
                    if byte >= 0x80 { ascii = false }
                    position += 1
                }
                if ascii {
                    // ASCII is valid UTF-8 and holds no C1 control: the text is made from the file's bytes
                    // as they are. Copying every field into the buffer to validate it generically was half
                    // of typing the small tables (120,000 financials rows, profiled).
                    plainText = bytes.withUnsafeBufferPointer {
                        String(decoding: UnsafeBufferPointer(rebasing: $0[start..<position]), as: UTF8.self)
                    }
                } else {
                    buffer.append(contentsOf: bytes[start..<position])
                }
            }
            let text: String
            if let plainText {
                text = plainText
                if problem == nil, hasControl {
                    problem = .controlCharacter(row: recordRow, field: fieldIndex, value: text)
                }
            } else if let decoded = String(validating: buffer, as: UTF8.self) {
                text = decoded
                if problem == nil {
                    if afterQuote {
                        problem = .textAfterQuote(row: recordRow, field: fieldIndex, value: text)
                    } else if hasControl || (!decoded.utf8.allSatisfy { $0 < 0x80 } && Self.hasC1Control(text)) {
                        problem = .controlCharacter(row: recordRow, field: fieldIndex, value: text)
                    }
                }
            } else {
                text = String(decoding: buffer, as: UTF8.self)
                if problem == nil { problem = .invalidUTF8(row: recordRow, field: fieldIndex, lossy: text) }
            }
            fields.append(text)
            // Delimiter: another field follows. Line end or end of input: the record is complete.
            if position < end, bytes[position] == delimiter {
                position += 1
                continue
            }
            if position < end, bytes[position] == 0x0D { position += 1 }
            if position < end, bytes[position] == 0x0A { position += 1 }
            break
        }
        if let problem { return .failure(problem) }
        return .success(Record(row: recordRow, fields: fields))
    }

    /// Whether the text holds a C1 control character (U+0080 to U+009F).
    static func hasC1Control(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x80..<0xA0).contains($0.value) }
    }

    /// Printable ASCII or tab: a byte a field can hold with nothing to check (no control character, no
    /// multi-byte UTF-8).
    static func isPlain(_ byte: UInt8) -> Bool {
        (byte >= 0x20 && byte < 0x7F) || byte == 0x09
    }

    /// C0 controls other than tab, and DEL.
    static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }
}
