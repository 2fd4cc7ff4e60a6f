import Foundation
import ImpactCore
import Testing

@testable import ImpactGenerator
@testable import ImpactSources

/// Large files are read in parts on every core: cut at line ends when the file has no quote, typed in
/// parts. The result — records, their rows, every problem with its row — must be that of one pass.
@Suite struct PartedReadingTests {
    /// A quote-free engagements file of about 10 MB (enough for several parts) with empty lines (LF and
    /// CRLF), CRLF line ends, a control character, invalid UTF-8, a short row and a bad date at rows spread
    /// over the file, ids beyond ASCII in a few places, and no line end after the last record.
    static func largeFile(records: Int) -> (bytes: [UInt8], badRows: [Int: String]) {
        var bytes = Array("engagement_id,org_id,partner_id,kind,started_on,ended_on,value,currency\n".utf8)
        var row = 1
        var badRows: [Int: String] = [:]
        for index in 0..<records {
            row += 1
            if index % 40_000 == 7_000 {
                bytes += Array("\n".utf8)  // an empty line counts as a row
                row += 1
            }
            if index % 50_000 == 12_345 {
                bytes += Array("\r\n".utf8)
                row += 1
            }
            var line = Array("e\(index),acme,uni,event,2026-01-\(10 + index % 19),,\(index % 1000).5,".utf8)
            if index % 60_000 == 555 {
                // Valid text beyond ASCII: the full reader reads it, and it stays in its place.
                line = Array("é\(index),acme,uni,event,2026-01-10,,1,".utf8)
            }
            switch index {
            case 31_000:
                line = Array("e\(index),acme,uni,event,2026-02-30,,1,".utf8)
                badRows[row] = "'2026-02-30' is not a valid date"
            case 99_999:
                line = Array("e\(index),acme,uni,ev\u{07}ent,2026-01-10,,1,".utf8)
                badRows[row] = "control character"
            case 150_001:
                line = Array("e\(index),acme,uni,event,2026-01-10,,1,".utf8) + [0xFF]
                badRows[row] = "not valid UTF-8"
            case 210_000:
                line = Array("e\(index),acme,uni,event".utf8)
                badRows[row] = "the row has 4 fields"
            case 230_000:
                // The id of record 5, two hundred thousand rows (and several parts) earlier.
                line = Array("e5,acme,uni,event,2026-01-10,,1,".utf8)
                badRows[row] = "appears again (first at row 7)"
            default: break
            }
            bytes += line
            if index < records - 1 { bytes += Array((index % 3 == 0 ? "\r\n" : "\n").utf8) }
        }
        return (bytes, badRows)
    }

    @Test func aQuoteFreeFileReadInPartsEqualsOnePass() throws {
        let (bytes, badRows) = Self.largeFile(records: 240_000)
        #expect(bytes.count > 9_000_000)
        var partedLog = DiagnosticLog()
        let parted = CSVFolderSource.parse(bytes, source: "engagements.csv", log: &partedLog)
        // The same bytes with one more record that holds a quote are read in one pass.
        var onePassLog = DiagnosticLog()
        let onePass = CSVFolderSource.parse(
            bytes + Array("\n\"quoted\",acme,uni,event,2026-01-10,,1,".utf8), source: "engagements.csv",
            log: &onePassLog)
        #expect(onePass.records.count == parted.records.count + 1)
        #expect(parted.header == onePass.header)
        #expect(parted.records.map(\.row) == onePass.records.dropLast().map(\.row))
        #expect(parted.records.map(\.fields) == onePass.records.dropLast().map(\.fields))
        #expect(partedLog.diagnostics.map(\.description) == onePassLog.diagnostics.map(\.description))

        // And the rows are the rows a spreadsheet shows: checked against the generator's own count.
        let problems = partedLog.diagnostics.compactMap(\.row)
        #expect(problems.count == 2)
        for row in problems { #expect(badRows[row] != nil, "problem at row \(row)") }
        #expect(parted.records.last?.row == 1 + 240_000 + 6 + 5)
    }

    /// A header alone, or a header and empty lines: no record, no problem.
    @Test(arguments: ["a,b", "a,b\n", "a,b\r\n", "a,b\n\n\n", "a,b\r\n\r\n"])
    func aHeaderAloneHasNoRecords(text: String) {
        var log = DiagnosticLog()
        let table = CSVFolderSource.parse(Array(text.utf8), source: "t.csv", log: &log)
        #expect(table.header == ["a", "b"])
        #expect(table.records.isEmpty)
        #expect(log.diagnostics.isEmpty)
    }

    /// A quote in the first part of a large file, not only in its last, sends the whole file to the one-pass
    /// reader: the quoted field's line break stays in the field (cut at line ends, the record would be
    /// two broken lines), and the record counts as one row.
    @Test func aQuoteInAnEarlyPartIsReadAsAQuote() throws {
        let (bytes, _) = Self.largeFile(records: 240_000)
        let header = bytes.firstIndex(of: 0x0A)! + 1
        let quoted = Array("q1,\"acme\ninc\",uni,event,2026-01-10,,1,EUR\n".utf8)
        var log = DiagnosticLog()
        let table = CSVFolderSource.parse(
            Array(bytes[..<header]) + quoted + Array(bytes[header...]), source: "engagements.csv", log: &log)
        #expect(table.records.first?.fields[1] == "acme\ninc")
        #expect(table.records.first?.row == 2)
        #expect(table.records.dropFirst().first?.row == 3)
        #expect(log.diagnostics.allSatisfy { $0.row != 2 && $0.row != 3 })
    }

    @Test func typingInPartsKeepsEveryRowAndEveryProblemInPlace() throws {
        let (bytes, badRows) = Self.largeFile(records: 240_000)
        var fixture = Fixture()
        fixture.files["engagements.csv"] = bytes
        let loaded = try fixture.load()
        #expect(loaded.dataset == nil)
        // One error per bad row, in row order, each naming its row.
        let rows = loaded.errors.compactMap { error -> Int? in
            guard let range = error.range(of: #"engagements\.csv:(\d+)"#, options: .regularExpression) else {
                return nil
            }
            return Int(error[range].split(separator: ":")[1])
        }
        #expect(rows == badRows.keys.sorted())
        for (row, text) in badRows {
            #expect(loaded.errors.contains { $0.hasPrefix("engagements.csv:\(row):") && $0.contains(text) })
        }
        // The two records the CSV reader could not read (control character, invalid UTF-8) are not rows.
        #expect(loaded.inputs.first { $0.table == "engagements" }?.rows == 240_000 - 2)
        // The file's digest, made beside the typing (which gives the typed lines' memory back), is the file's.
        #expect(loaded.inputs.first { $0.table == "engagements" }?.sha256 == SystemSHA256.of(bytes))
    }

    /// A small table's rows typed in parts go straight into one array (`TableDecoder.rows`): with bad
    /// records spread over the parts (every part's first and last among them), each good record's row is
    /// there once, in record order, with its own row number and values, and each bad one is logged.
    @Test func rowsTypedInPartsAreEveryGoodRowInOrder() throws {
        let records = 30_000
        let parts = OrderedParallel.parts(for: records, minimum: 5_000)
        let edges = Set(
            (0..<parts).flatMap { part in
                let range = OrderedParallel.range(part, of: parts, total: records)
                return [range.lowerBound, range.upperBound - 1]
            })
        var generator = SplitMix64(seed: 5)
        var text = "partner_id,name,actor_type,sector,region\n"
        var expected: [(row: Int, id: String, name: String)] = []
        for index in 0..<records {
            if edges.contains(index) || generator.next() % 40 == 0 {
                // Too few fields, or an actor type that does not exist.
                text += generator.next() % 2 == 0 ? "p\(index),Name\n" : "p\(index),Name,alien,P,North\n"
            } else {
                text += "p\(index),Name \(index),research,P,North\n"
                expected.append((index + 2, "p\(index)", "Name \(index)"))
            }
        }
        var log = DiagnosticLog()
        let raw = CSVFolderSource.parse(Array(text.utf8), source: "partners.csv", log: &log)
        let rows = TableDecoder(options: LoadOptions()).partners(raw, log: &log)
        #expect(parts > 1 || OrderedParallel.cores == 1)
        #expect(rows.count == expected.count)
        #expect(rows.map(\.row) == expected.map(\.row))
        #expect(rows.map(\.value.id.rawValue) == expected.map(\.id))
        #expect(rows.map(\.value.name) == expected.map(\.name))
        #expect(rows.allSatisfy { $0.source == "partners.csv" })
        #expect(log.diagnostics.count == records - expected.count)
        let good = Set(expected.map(\.row))
        #expect(log.diagnostics.compactMap(\.row) == (2..<records + 2).filter { !good.contains($0) })
    }

    /// What the look-ahead returns for a line reaches that line's read and no other: for a file shorter
    /// than the look-ahead distance, and for one of many parts (each part starts its own look-ahead).
    @Test(arguments: [3, 8, 9, 40_003])
    func whatTheLookAheadReturnsReachesItsOwnLine(records: Int) throws {
        struct Seen: Sendable {
            var lines = 0
            var mismatches = 0
        }
        /// A value of the line's bytes: its first field as a number.
        @Sendable func value(_ line: UnsafeBufferPointer<UInt8>) -> Int {
            Int(String(decoding: line.prefix { $0 != UInt8(ascii: ",") }, as: UTF8.self)) ?? -1
        }
        let text = "org_id,name\n" + (0..<records).map { "\($0),x\n" }.joined()
        var log = DiagnosticLog()
        let raw = CSVFolderSource.parse(Array(text.utf8), source: "organizations.csv", log: &log)
        let decoder = TableDecoder(options: LoadOptions())
        let parts: [Seen] = decoder.rowParts(
            .organizations, raw, log: &log,
            plain: { _, _ in
                (
                    { line, _, given, seen in
                        seen.lines += 1
                        if given != value(line) { seen.mismatches += 1 }
                        return true
                    }, { line in value(line) }
                )
            }, part: { _ in Seen() }, add: { (_: inout Seen, _: Located<Int>) in },
            read: { _, _ in nil })
        #expect(parts.reduce(0) { $0 + $1.lines } == records)
        #expect(parts.reduce(0) { $0 + $1.mismatches } == 0)
        if records > 10_000 { #expect(parts.count > 1) }
    }

    /// The engagement reader's look-ahead hashes the partner field itself, wherever the header puts it,
    /// so that the read's lookup starts from the right hash; the last column (no delimiter after it) is
    /// not looked ahead at (`Int.min`: the read hashes it).
    @Test(arguments: [
        ("engagement_id,org_id,partner_id,kind,started_on", "e1,acme,p-00042,event,2026-01-10", true),
        ("partner_id,org_id,kind,started_on", "p-00042,acme,event,2026-01-10", true),
        ("org_id,kind,started_on,partner_id", "acme,event,2026-01-10,p-00042", false),
        // The partner field past the first sixteen bytes (found sixteen bytes at a time, then eight).
        (
            "engagement_id,org_id,kind,started_on,partner_id,value", "e-000001,acme-long,event,2026-01-10,p-00042,5",
            true
        ),
        ("engagement_id,org_id,kind,partner_id,started_on", "e-000001,acme,event,p-00042,2026-01-10", true),
    ])
    func theLookAheadHashesThePartnerField(header: String, line: String, found: Bool) throws {
        var log = DiagnosticLog()
        let raw = CSVFolderSource.parse(Array((header + "\n").utf8), source: "engagements.csv", log: &log)
        let map = try #require(ColumnMap(table: .engagements, raw: raw, log: &log))
        let partners = IdentifierTable(["p-00001", "p-00042"])
        let reader = try #require(
            EngagementLineReader(
                map: map, delimiter: UInt8(ascii: ","), organizationIDs: IdentifierTable(["acme"]),
                partnerIDs: partners, fallbackCurrency: .euro))
        let bytes = Array((line + "\n").utf8)
        let hash = bytes.withUnsafeBufferPointer { reader.prefetch($0) }
        #expect(hash == (found ? IdentifierTable.hash(Identifier("p-00042")) : Int.min))
    }

    /// Engagement lines typed straight from their bytes give what the general reader gives: the same rows
    /// for unusual but valid lines (which the plain reader leaves to the general one), and the same
    /// messages for invalid ones. The general reader reads the same lines when the file holds a quote.
    @Test(arguments: [true, false])
    func plainEngagementLinesReadAsTheGeneralReaderReadsThem(valid: Bool) throws {
        let header = "engagement_id,org_id,partner_id,kind,started_on,ended_on,value,currency\n"
        var lines = (0..<2_000).map {
            "e\($0),\($0 % 2 == 0 ? "acme" : "bolt"),uni,event,2026-01-\(10 + $0 % 9),,\($0).25,"
        }
        lines += [
            "u1,acme,uni,Grant,2026-01-10,,5,",  // kind in another case
            "u2, acme ,uni,loan,2026-01-10,,5,",  // spaces to trim
            "u3,acme,üni,license,2026-01-10,2026-02-01,7.5,usd",  // non-ASCII id, currency in lower case
            "u4,acme,uni,talent,2026-01-10,,,",  // no value
            "u5,bolt,uni,event,2026-03-31,2026-03-31,0,EUR",
            ",acme,uni,event,2026-01-11,,1,",  // no engagement id
            "an-engagement-id-longer-than-sixteen-bytes,acme,uni,event,2026-01-12,,3,",
            "a-long-id-with-a-non-ascii-byte-after-sixteen-é,bolt,üni,grant,2026-01-12,,4,",
            "u6,acme,uni,event,2026-01-10,2026-01-20,12345678901.5,eur",  // a long line, currency in lower case
        ]
        if !valid {
            lines += [
                "x1,acme,uni,party,2026-01-10,,5,", "x2,acme,uni,event,2026-02-30,,5,",
                "x3,acme,uni,event,2026-01-10,2025-12-31,5,", "x4,acme,uni,event,2026-01-10,,-5,",
                "x5,nobody,uni,event,2026-01-10,,5,", "x6,acme,uni,event,2026-01-10,,1e3,",
                "x7,acme,uni,event,2026-01-10,,5,EURO", "x8,acme,,event,2026-01-10,,5,", "x9,acme,uni,event",
                "e7,acme,uni,event,2026-01-10,,5,",  // a repeated id
                " e8 ,acme,uni,event,2026-01-10,,5,",  // repeated, read by the general reader (spaces to trim)
            ]
        }
        func load(_ text: String) throws -> Fixture.Loaded {
            var fixture = Fixture()
            fixture.files["engagements.csv"] = Array(text.utf8)
            fixture.append("partners.csv", "üni,Universität,research,P,North")
            return try fixture.load()
        }
        let plain = try load(header + lines.joined(separator: "\n") + "\n")
        let general = try load(
            header + lines.joined(separator: "\n") + "\n\"q\",acme,uni,event,2026-01-10,,1,\n")
        #expect(plain.errors == general.errors)
        #expect(plain.warnings == general.warnings)
        if valid {
            #expect(plain.errors == [])
            let a = try #require(plain.dataset)
            let b = try #require(general.dataset)
            #expect(b.engagementCount == a.engagementCount + 1)
            for organization in a.organizations {
                let ours = a.engagements(of: organization.id)
                let theirs = b.engagements(of: organization.id).filter { $0.id != "q" }
                #expect(ours == theirs)
            }
            let converted = a.engagements(of: "acme").first { $0.id == "u3" }
            #expect(converted?.value == ExactDecimal("6.75"))  // 7.5 USD at 0.9
        } else {
            #expect(plain.errors.count == 11, "\(plain.errors)")
        }
    }

    @Test func partsCoverTheRangeInOrder() {
        for total in [0, 1, 7, 100, 1_000_003] {
            for parts in [1, 2, 3, 8] {
                let ranges = (0..<parts).map { OrderedParallel.range($0, of: parts, total: total) }
                #expect(ranges.first?.lowerBound == 0)
                #expect(ranges.last?.upperBound == total)
                for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
            }
        }
        #expect(OrderedParallel.map(parts: 5) { $0 * $0 } == [0, 1, 4, 9, 16])
        #expect(OrderedParallel.parts(for: 10, minimum: 100) == 1)
    }
}

/// The memory of a large file's lines is given back as they are typed, only where no one reads them again.
@Suite struct GivenBackLinesTests {
    /// A quote-free engagements file of plain lines, large enough that every part of its typing spans
    /// whole 2 MiB pages (what is given back).
    static func engagements(records: Int) -> [UInt8] {
        var bytes = Array("engagement_id,org_id,partner_id,kind,started_on,ended_on,value,currency\n".utf8)
        for index in 0..<records {
            bytes +=
                "e\(index),\(index % 3 == 0 ? "acme" : "bolt"),uni,event,2026-01-\(10 + index % 19),,\(index % 1000).5,\n"
                .utf8
        }
        return bytes
    }

    /// Lines given back read as zeros; every other record reads as before, its bytes unchanged.
    @Test func givenBackAreOnlyTheLinesOfTheRecordsGiven() throws {
        let bytes = Self.engagements(records: 500_000)
        let kept = bytes.withUnsafeBufferPointer { Array($0) }  // a copy of its own
        var log = DiagnosticLog()
        let raw = CSVFolderSource.parse(bytes, source: "engagements.csv", log: &log)
        let lines = try #require(raw.records.csvLines)
        let given = 50_000..<450_000
        let fieldsBefore = raw.records[given.lowerBound - 1].fields
        let fieldsAfter = raw.records[given.upperBound].fields
        lines.release(given)
        let first = lines.lines[given.lowerBound].start
        let last = lines.lines[given.upperBound - 1]
        let end = last.start + Int(last.length)
        // (Compared first: a failed expectation would print the megabytes.)
        let before = lines.bytes[0..<first].elementsEqual(kept[..<first])
        let after = lines.bytes[end..<lines.bytes.count].elementsEqual(kept[end...])
        #expect(before && after)
        #expect(raw.records[given.lowerBound - 1].fields == fieldsBefore)
        #expect(raw.records[given.upperBound].fields == fieldsAfter)
        let rowsBefore = lines.lines[..<given.lowerBound].map(\.row) == (2..<(given.lowerBound + 2)).map(Int32.init)
        #expect(rowsBefore)
        #if os(Linux)
            // Megabytes of lines and of their entries: whole 2 MiB pages were given back.
            #expect(end - first > 4 << 20)
            #expect(given.count * MemoryLayout<RawRecords.Line>.stride > 4 << 20)
            let zeros = lines.bytes[first..<end].contains(0)
            let emptied = lines.lines[given].contains { $0.length == 0 }
            #expect(zeros && emptied)
        #endif
    }

    /// A table's lines are its alone until a copy of the table shares them; records kept as fields never
    /// are.
    @Test func linesAreHeldAloneUntilCopied() {
        var log = DiagnosticLog()
        var raw = CSVFolderSource.parse(Self.engagements(records: 10), source: "engagements.csv", log: &log)
        let alone = raw.records.holdsLinesAlone()
        let stillAlone = raw.records.holdsLinesAlone()  // asking does not change it
        #expect(alone && stillAlone)
        let copy = raw
        let shared = !raw.records.holdsLinesAlone()
        #expect(shared)
        #expect(copy.records.count == 10)
        var fields = RawTable(source: "e.csv", header: ["org_id"], records: [RawRecord(row: 2, fields: ["acme"])])
        let fieldsAlone = fields.records.holdsLinesAlone()
        #expect(!fieldsAlone)
    }

    /// Loaded from tables that the caller keeps, the engagements file is typed without giving back its
    /// lines (the caller's copy reads every byte as before); handed over, it is given back as typed, and
    /// the dataset is the same.
    @Test func aFileTheCallerKeepsIsNotGivenBack() throws {
        let bytes = Self.engagements(records: 600_000)
        let kept = bytes.withUnsafeBufferPointer { Array($0) }
        var log = DiagnosticLog()
        let tables = EngagementTables.with(bytes, log: &log)
        #expect(!log.hasErrors)
        let loader = CanonicalLoader(options: LoadOptions(calendar: .calendarYear, currency: .euro))
        let held = try #require(loader.load(tables, log: &log))
        let lines = try #require(tables[.engagements]?.first?.records.csvLines)
        // (Compared first: a failed expectation would print the megabytes.)
        let unchanged = lines.bytes.array == kept && lines.lines.allSatisfy { $0.length > 0 }
        #expect(unchanged)
        let handedOver = try #require(loader.load(consume tables, log: &log))
        #expect(!log.hasErrors)
        for organization in ["acme", "bolt"] {
            #expect(
                handedOver.engagements(of: Identifier(organization)) == held.engagements(of: Identifier(organization)))
        }
        #expect(held.engagements(of: "acme").count == 200_000)
    }
}
