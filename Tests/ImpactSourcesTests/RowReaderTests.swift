import Testing

@testable import ImpactSources

/// A record read from a quote-free line's bytes gives what the same record read by the CSV reader gives:
/// the same field count, and for every column the same trimmed text and the same raw text.
@Suite struct RowReaderTests {
    static let header = "org_id,name,sector,region,size_band,cohort"

    @Test func aLineReadFromItsBytesIsTheRecordTheCSVReaderReads() throws {
        var log = DiagnosticLog()
        let raw = CSVFolderSource.parse(Array((Self.header + "\n").utf8), source: "organizations.csv", log: &log)
        let map = try #require(ColumnMap(table: .organizations, raw: raw, log: &log))
        let columns = Self.header.split(separator: ",").map(String.init) + ["absent"]
        var generator = SystemRandomNumberGenerator()
        // Spaces and tabs to trim, empty fields, UTF-8 text, fields of only blanks, too few and too many
        // fields, a CRLF line end.
        let pieces = ["acme", " acme", "acme\t", " \t ", "", "Zürich", "a b", "\t", "ü ", "1.5", "x"]
        for _ in 0..<3_000 {
            let count = Int.random(in: 1...8, using: &generator)
            let fields = (0..<count).map { _ in pieces.randomElement(using: &generator)! }
            // An empty line is no record (skipped when the file is cut into lines).
            if fields == [""] { continue }
            let ending = Bool.random(using: &generator) ? "\r\n" : "\n"
            let text = fields.joined(separator: ",") + ending
            let bytes = Array(text.utf8)
            var reader = CSVReader(
                bytes: InputBytes(bytes), range: 0..<bytes.count, firstRow: 7, delimiter: UInt8(ascii: ","))
            guard case .success(let record)? = reader.next() else {
                Issue.record("\(text.debugDescription) does not read as a record")
                continue
            }
            let expected = RowReader(map: map, record: RawRecord(row: record.row, fields: record.fields))
            var content = bytes[...]
            content = content.dropLast(ending.utf8.count)
            content.withUnsafeBufferPointer { line in
                // Room for as many fields as the line has, or for fewer (then only counted).
                let room = Bool.random(using: &generator) ? line.count + 2 : min(record.fields.count, 3) + 1
                withUnsafeTemporaryAllocation(of: Int.self, capacity: room) { bounds in
                    let (found, plain) = LineScan.fields(
                        line, end: line.count, delimiter: UInt8(ascii: ","), into: bounds)
                    #expect(plain == line.allSatisfy(CSVReader.isPlain), "\(text.debugDescription)")
                    #expect(found == record.fields.count, "\(text.debugDescription)")
                    guard found < bounds.count else { return }
                    let reader = RowReader(
                        map: map, line: line, bounds: UnsafeBufferPointer(rebasing: bounds[...found]), row: 7)
                    #expect(reader.row == expected.row)
                    for column in columns {
                        #expect(reader.text(column) == expected.text(column), "\(column) of \(text.debugDescription)")
                        #expect(
                            reader.rawText(column) == expected.rawText(column), "\(column) of \(text.debugDescription)")
                    }
                }
            }
        }
    }
}
