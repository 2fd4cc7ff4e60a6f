import Testing

@testable import ImpactSources

@Suite struct CSVReaderTests {
    func records(_ text: String) -> [Result<CSVReader.Record, CSVReader.Problem>] {
        records(Array(text.utf8))
    }

    func records(_ bytes: [UInt8]) -> [Result<CSVReader.Record, CSVReader.Problem>] {
        var reader = CSVReader(bytes: InputBytes(bytes))
        var all: [Result<CSVReader.Record, CSVReader.Problem>] = []
        while let next = reader.next() { all.append(next) }
        return all
    }

    func fields(_ text: String) -> [[String]] {
        records(text).compactMap { try? $0.get().fields }
    }

    func rows(_ text: String) -> [Int] {
        records(text).compactMap { try? $0.get().row }
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() {
        #expect(
            fields("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"line1\nline2\"\n") == [
                ["a", "b", "c"], ["x, y", "say \"hi\"", "line1\nline2"],
            ])
        #expect(fields("\"a\r\nb\",c\r\n") == [["a\r\nb", "c"]])
        #expect(fields("\"\",x\n") == [["", "x"]])
    }

    @Test func lineEndsAndByteOrderMark() {
        #expect(fields("\u{FEFF}a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(fields("a,b\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(fields("a,\n,\n") == [["a", ""], ["", ""]])
    }

    @Test func rowsCountEmptyLinesAndMultiLineRecordsOnce() {
        // header 1, record 2 spans three lines, empty line 3, record 4, empty CRLF line 5, record 6
        #expect(rows("h1,h2\n\"a\nb\nc\",x\n\ny,z\n\r\nlast,row\n") == [1, 2, 4, 6])
    }

    @Test func unterminatedQuoteIsReportedWhereItOpensAndStopsTheFile() {
        let result = records("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n")
        #expect(result.count == 3)
        guard case .failure(let problem) = result.last else {
            Issue.record("expected a problem")
            return
        }
        #expect(problem == .unterminatedQuote(row: 3))
    }

    @Test func controlCharactersAndInvalidUTF8AreProblems() {
        guard case .failure(.controlCharacter(row: 2, field: 1, value: "x\u{0}y")) = records("a,b\n1,x\u{0}y\n").last
        else {
            Issue.record("NUL not reported")
            return
        }
        guard case .failure(.controlCharacter(row: 2, field: 0, _)) = records("a\nold\rmac\n").last else {
            Issue.record("lone CR not reported")
            return
        }
        guard case .failure(.invalidUTF8(row: 2, field: 0, _)) = records(Array("a\n".utf8) + [0xC3, 0x28, 0x0A]).last
        else {
            Issue.record("invalid UTF-8 not reported")
            return
        }
        guard case .failure(.textAfterQuote(row: 2, field: 0, _)) = records("a,b\n\"x\"y,z\n").last else {
            Issue.record("text after quote not reported")
            return
        }
        // A tab is data, not a control character; a quote inside an unquoted field is kept as written.
        #expect(fields("a\tb,5\" screen\n") == [["a\tb", "5\" screen"]])
    }

    @Test func readingAnyBytesTerminates() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let length = Int.random(in: 0..<200, using: &generator)
            let alphabet: [UInt8] = [0x22, 0x2C, 0x0A, 0x0D, 0x61, 0x00, 0xFF, 0xEF, 0xBB, 0xBF, 0x20]
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            var reader = CSVReader(bytes: InputBytes(bytes))
            var count = 0
            while reader.next() != nil {
                count += 1
                #expect(count <= length + 1)
                if count > length + 1 { break }
            }
        }
    }
}
