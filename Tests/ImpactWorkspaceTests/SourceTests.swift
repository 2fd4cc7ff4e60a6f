import Foundation
import ImpactCore
import Testing

@Suite struct CSVOptionTests {
    @Test func semicolonsDecimalCommasGroupingDatesAndWindows1252() throws {
        var fixture = WorkspaceFixture()
        fixture.text(
            "impact.yml",
            """
            sources:
              - type: csv
                path: export
                delimiter: ";"
                decimal_mark: ","
                grouping: "."
                date_format: DD.MM.YYYY
                encoding: windows-1252
            """)
        // "Müller €" in Windows-1252: ü = 0xFC, € = 0x80.
        fixture.files["export/organizations.csv"] =
            Array("org_id;name\nm;M".utf8) + [0xFC] + Array("ller ".utf8) + [0x80, 0x0A]
        fixture.text("export/financials.csv", "org_id;period;revenue\nm;2026-Q1;1.234.567,89\n")
        fixture.text("export/partners.csv", "partner_id;actor_type\np;research\n")
        fixture.text("export/engagements.csv", "org_id;partner_id;kind;started_on;value\nm;p;grant;31.03.2026;12,5\n")
        let loaded = try fixture.load()
        #expect(loaded.errors == [])
        let dataset = try #require(loaded.dataset)
        #expect(dataset.organization("m")?.name == "Müller €")
        #expect(dataset.financials(of: "m", in: "2026-Q1")?.revenue == "1234567.89")
        #expect(dataset.engagements(of: "m").first?.startedOn == "2026-03-31")
        #expect(dataset.engagements(of: "m").first?.value == "12.5")
    }

    @Test func aValueNotInTheSourcesFormatIsReportedAsWritten() throws {
        var fixture = WorkspaceFixture()
        fixture.text("impact.yml", "sources:\n  - type: csv\n    decimal_mark: \",\"\n    grouping: \".\"\n")
        fixture.text("organizations.csv", WorkspaceFixture.organizations)
        fixture.text("financials.csv", "org_id,period,revenue\nacme,2026-Q1,\"1.23.4,5\"\n")
        let loaded = try fixture.load()
        #expect(
            loaded.errors.first?.hasPrefix("financials.csv:2: column 'revenue': '1.23.4,5' is not a number") == true)
    }
}

@Suite struct MappingTests {
    @Test func constantsValueMapsRenamesAndADefaultCurrency() throws {
        var fixture = WorkspaceFixture()
        fixture.text(
            "impact.yml",
            """
            currency: EUR
            sources:
              - type: csv
                tables:
                  financials:
                    file: acme-finance.csv
                    columns: {Quartal: period, Umsatz: revenue}
                    constants: {org_id: acme}
                    currency: USD
                  partners:
                    values:
                      actor_type: {Universität: research, Bank: financial}
            """)
        fixture.text("organizations.csv", "org_id,name\nacme,Acme\n")
        fixture.text("acme-finance.csv", "Quartal,Umsatz\n2026-Q1,100\n2026-Q2,200\n")
        fixture.text("partners.csv", "partner_id,actor_type\nuni,Universität\nbank,Bank\n")
        fixture.text("fx_rates.csv", "currency,period,rate\nUSD,2026-Q1,0.5\nUSD,2026-Q2,0.25\n")
        let loaded = try fixture.load()
        #expect(loaded.errors == [])
        let dataset = try #require(loaded.dataset)
        #expect(dataset.financials(of: "acme", in: "2026-Q1")?.revenue == 50)
        #expect(dataset.financials(of: "acme", in: "2026-Q2")?.revenue == 50)
        #expect(dataset.partner("uni")?.actorType == .research)
        #expect(dataset.partner("bank")?.actorType == .financial)
    }

    /// Engagements from two sources — CSV lines typed straight into the columns, JSON records through the
    /// general reader — make the dataset the same engagements make from one file: each source's part of
    /// the columns is its own, in order, with its values, partners and days.
    @Test func engagementsFromTwoSourcesAreThoseOfOneFile() throws {
        let kinds = ["grant", "loan", "event", "license", "talent"]
        let rows = (0..<2_400).map { index in
            (
                id: "e\(index)", organization: index % 3 == 0 ? "bolt" : "acme", partner: "p\(index % 40)",
                kind: kinds[index % kinds.count], started: "2026-0\(1 + index % 9)-\(10 + index % 18)",
                value: "\(index).\(index % 100 < 10 ? "0" : "")\(index % 100)"
            )
        }
        let partners = "partner_id,actor_type\n" + (0..<40).map { "p\($0),research\n" }.joined()
        func csv(
            _ slice: ArraySlice<
                (id: String, organization: String, partner: String, kind: String, started: String, value: String)
            >
        ) -> String {
            "engagement_id,org_id,partner_id,kind,started_on,value\n"
                + slice.map { "\($0.id),\($0.organization),\($0.partner),\($0.kind),\($0.started),\($0.value)\n" }
                .joined()
        }
        var split = WorkspaceFixture()
        split.text("impact.yml", "sources:\n  - type: csv\n    path: a\n  - type: json\n    path: b\n")
        split.text("a/organizations.csv", WorkspaceFixture.organizations)
        split.text("a/financials.csv", WorkspaceFixture.financials)
        split.text("a/partners.csv", partners)
        split.text("a/engagements.csv", csv(rows[..<1_500]))
        split.text(
            "b/engagements.json",
            "["
                + rows[1_500...].map {
                    #"{"engagement_id": "\#($0.id)", "org_id": "\#($0.organization)", "partner_id": "\#($0.partner)", "kind": "\#($0.kind)", "started_on": "\#($0.started)", "value": \#($0.value)}"#
                }.joined(separator: ",") + "]")
        var whole = WorkspaceFixture()
        whole.text("organizations.csv", WorkspaceFixture.organizations)
        whole.text("financials.csv", WorkspaceFixture.financials)
        whole.text("partners.csv", partners)
        whole.text("engagements.csv", csv(rows[...]))
        let fromTwo = try split.load()
        let fromOne = try whole.load()
        #expect(fromTwo.errors == [])
        #expect(fromOne.errors == [])
        let two = try #require(fromTwo.dataset)
        let one = try #require(fromOne.dataset)
        #expect(two.engagementCount == rows.count)
        for organization in ["acme", "bolt"] as [Identifier] {
            let engagements = two.engagements(of: organization)
            #expect(engagements == one.engagements(of: organization))
            #expect(engagements.count == rows.filter { $0.organization == organization.rawValue }.count)
        }
        let last = try #require(two.engagements(of: "acme").first { $0.id == "e2399" })
        #expect(last.partner == "p39")
        #expect(last.value == "2399.99")
    }

    @Test func aKeyRepeatedAcrossSourcesNamesBoth() throws {
        var fixture = WorkspaceFixture()
        fixture.text("impact.yml", "sources:\n  - type: csv\n    path: a\n  - type: json\n    path: b\n")
        fixture.text("a/organizations.csv", WorkspaceFixture.organizations)
        fixture.text("a/financials.csv", WorkspaceFixture.financials)
        fixture.text(
            "b/organizations.json", #"[{"org_id": "zed", "name": "Zed"}, {"org_id": "acme", "name": "Acme again"}]"#)
        let loaded = try fixture.load()
        #expect(
            loaded.errors == [
                "b/organizations.json:2: column 'org_id': 'acme' appears again (first at a/organizations.csv:2)"
            ])
    }
}

@Suite struct JSONSourceTests {
    @Test func arraysAndNewlineDelimitedJSON() throws {
        var fixture = WorkspaceFixture()
        fixture.text("impact.yml", "sources:\n  - type: json\n")
        fixture.text(
            "organizations.json",
            #"[{"org_id": "acme", "name": "Acme", "sector": null}, {"org_id": "bolt", "name": "Bolt", "size_band": "small"}]"#
        )
        fixture.text(
            "financials.ndjson",
            "{\"org_id\": \"acme\", \"period\": \"2026-Q1\", \"revenue\": 1234.5}\n\n{\"org_id\": \"bolt\", \"period\": \"2026Q1\", \"revenue\": \"7\"}\n"
        )
        // Empty tables as a JSON export writes them: an empty array, an empty file of lines.
        fixture.text("launches.json", "[]")
        fixture.text("targets.ndjson", "")
        let loaded = try fixture.load()
        #expect(loaded.errors == [])
        let dataset = try #require(loaded.dataset)
        #expect(dataset.financials(of: "acme", in: "2026-Q1")?.revenue == "1234.5")
        #expect(dataset.organization("bolt")?.sizeBand == .small)
        #expect(dataset.launches(of: "acme").isEmpty)

        // A JSON number with an exponent is refused as written (DATA.md: no exponent), with its text.
        fixture.text(
            "financials.ndjson", "{\"org_id\": \"acme\", \"period\": \"2026-Q1\", \"revenue\": 1.5e-05}\n")
        #expect(
            try fixture.load().errors == [
                "financials.ndjson:1: column 'revenue': '1.5e-05' is not a number (up to 15 digits, optionally '.' and up to 6 decimals, e.g. 1234.56)"
            ])
        #expect(
            loaded.inputs.map(\.source) == [
                "financials.ndjson", "launches.json", "organizations.json", "targets.ndjson",
            ])
    }

    @Test(arguments: [
        (
            "[{\"org_id\": \"acme\", \"name\": {\"first\": \"A\"}}]",
            "organizations.json:1: column 'name': holds a nested value; a cell must be text, a number, true, false or null"
        ),
        (
            "[{\"org_id\": \"acme\", \"name\": \"A\"}, 3]",
            "organizations.json:2: is not a JSON object (each row must be an object of column names and values)"
        ),
        (
            "[{\"org_id\": \"acme\", \"name\": \"A\"",
            "organizations.json: is not valid JSON: unexpected end (at byte 32)"
        ),
        ("{\"org_id\": \"acme\", \"name\": NaN}\n", "organizations.json:1: column 'name': 'NaN' is not a number"),
        (
            "{\"org_id\": \"acme\", \"name\": \"A\"}\n{broken\n",
            "organizations.json:2: is not valid JSON: expected a key"
        ),
    ])
    func brokenJSONIsReportedWhereItIs(organizations: String, message: String) throws {
        var fixture = WorkspaceFixture()
        fixture.text("impact.yml", "sources:\n  - type: json\n")
        fixture.text("organizations.json", organizations)
        fixture.text("financials.json", "[]")
        let loaded = try fixture.load()
        #expect(loaded.dataset == nil)
        // The one error, and no second one for the same problem (an unreadable file is not also a table
        // without columns; the empty financials array is an empty table).
        #expect(loaded.errors == [message])
    }
}

@Suite struct XLSXSourceTests {
    func load(_ workbook: [UInt8], settings: String = "") throws -> WorkspaceFixture.Loaded {
        var fixture = WorkspaceFixture()
        fixture.text("impact.yml", "sources:\n  - type: xlsx\n    path: book.xlsx\n" + settings)
        fixture.files["book.xlsx"] = workbook
        return try fixture.load()
    }

    static let organizations = (
        "organizations",
        #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Acme &amp; Co</t></is></c></row>"#
    )

    @Test func cellsReadAsASpreadsheetShowsThem() throws {
        let financials = (
            "financials",
            #"<row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="s"><v>3</v></c><c r="C1" t="s"><v>4</v></c></row>"#
                + #"<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="str"><v>2026-Q1</v></c><c r="C2" s="3"><v>1234.5</v></c></row>"#
        )
        let launches = (
            "launches",
            #"<row r="1"><c t="inlineStr"><is><t>project_id</t></is></c><c t="inlineStr"><is><t>org_id</t></is></c><c t="inlineStr"><is><t>started_on</t></is></c><c t="inlineStr"><is><t>launched_on</t></is></c><c t="inlineStr"><is><t>ecosystem_supported</t></is></c></row>"#
                + #"<row r="3"><c t="inlineStr"><is><t>p1</t></is></c><c t="s"><v>1</v></c><c s="1"><v>59</v></c><c s="2"><v>61</v></c><c t="b"><v>1</v></c></row>"#
        )
        let loaded = try load(
            try WorkspaceFixture.workbook(
                sheets: [Self.organizations, financials, launches],
                shared: ["org_id", "acme", "org_id", "period", "revenue"]))
        #expect(loaded.errors == [])
        let dataset = try #require(loaded.dataset)
        #expect(dataset.organization("acme")?.name == "Acme & Co")
        #expect(dataset.financials(of: "acme", in: "2026-Q1")?.revenue == "1234.5")
        // Serial 59 is 1900-02-28; 61 is 1900-03-01 (Excel counts a 29 February 1900 that never was).
        let launch = try #require(dataset.launches(of: "acme").first)
        #expect(launch.startedOn == "1900-02-28")
        #expect(launch.launchedOn == "1900-03-01")
        #expect(launch.ecosystemSupported)
        #expect(loaded.inputs.map(\.source).contains("book.xlsx[launches]"))
    }

    @Test func the1904DateSystemAndAHeaderFurtherDown() throws {
        let organizations = (
            "Members",
            #"<row r="1"><c t="inlineStr"><is><t>Exported 2026-10-01</t></is></c></row>"#
                + #"<row r="3"><c t="inlineStr"><is><t>org_id</t></is></c><c t="inlineStr"><is><t>name</t></is></c></row>"#
                + #"<row r="4"><c t="inlineStr"><is><t>acme</t></is></c><c t="inlineStr"><is><t>Acme</t></is></c></row>"#
        )
        let financials = (
            "financials",
            #"<row r="3"><c t="inlineStr"><is><t>org_id</t></is></c><c t="inlineStr"><is><t>period</t></is></c></row>"#
                + #"<row r="4"><c t="inlineStr"><is><t>acme</t></is></c><c t="inlineStr"><is><t>2026-Q1</t></is></c></row>"#
        )
        let targets = (
            "launches",
            #"<row r="3"><c t="inlineStr"><is><t>project_id</t></is></c><c t="inlineStr"><is><t>org_id</t></is></c><c t="inlineStr"><is><t>started_on</t></is></c><c t="inlineStr"><is><t>launched_on</t></is></c></row>"#
                + #"<row r="4"><c t="inlineStr"><is><t>p</t></is></c><c t="inlineStr"><is><t>acme</t></is></c><c s="1"><v>0</v></c><c s="2"><v>366</v></c></row>"#
        )
        let loaded = try load(
            try WorkspaceFixture.workbook(sheets: [organizations, financials, targets], date1904: true),
            settings: "    header_row: 3\n    tables:\n      organizations: {sheet: Members}\n")
        #expect(loaded.errors == [])
        // In the 1904 system serial 0 is 1904-01-01, and 366 (1904 is a leap year) is 1905-01-01.
        let dataset = try #require(loaded.dataset)
        let launch = try #require(dataset.launches(of: "acme").first)
        #expect(launch.startedOn == "1904-01-01")
        #expect(launch.launchedOn == "1905-01-01")
        #expect(loaded.inputs.map(\.source).contains("book.xlsx[Members]"))
    }

    @Test func errorsNameTheSheetAndRow() throws {
        let financials = (
            "financials",
            #"<row r="1"><c t="inlineStr"><is><t>org_id</t></is></c><c t="inlineStr"><is><t>period</t></is></c><c t="inlineStr"><is><t>revenue</t></is></c></row>"#
                + #"<row r="7"><c t="inlineStr"><is><t>acme</t></is></c><c t="inlineStr"><is><t>2026-Q1</t></is></c><c t="e"><v>#DIV/0!</v></c></row>"#
        )
        let loaded = try load(
            try WorkspaceFixture.workbook(sheets: [Self.organizations, financials], shared: ["org_id", "acme"]))
        #expect(
            loaded.errors.first?.hasPrefix("book.xlsx[financials]:7: column 'revenue': '#DIV/0!' is not a number")
                == true, "\(loaded.errors)")
    }

    /// A cell that points past the workbook's shared strings is a damaged file, reported as such — not
    /// read as an empty cell.
    @Test func aSharedStringTheWorkbookLacksIsAnError() throws {
        let financials = (
            "financials",
            #"<row r="1"><c t="inlineStr"><is><t>org_id</t></is></c><c t="inlineStr"><is><t>period</t></is></c></row>"#
        )
        let loaded = try load(
            try WorkspaceFixture.workbook(sheets: [Self.organizations, financials], shared: ["org_id"]))
        #expect(
            loaded.errors == [
                "book.xlsx[organizations]: cannot be read: a cell in row 2 refers to shared string '1', which the workbook does not have"
            ])
    }

    @Test func notAWorkbookAndAZipBombAreRefused() throws {
        #expect(
            try load(Array("just text".utf8)).errors == [
                "book.xlsx: is not a readable XLSX workbook: it is not a zip archive"
            ])
        // A part that claims to unpack to a gigabyte is refused without unpacking it.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: path) }
        let archive = try ZIPArchiveWriter.create(path)
        try ZIPArchiveWriter.addZeros(archive, name: "xl/workbook.xml", size: 300 << 20)
        let loaded = try load([UInt8](try Data(contentsOf: path)))
        #expect(loaded.errors.count == 1)
        #expect(loaded.errors.first?.contains("xl/workbook.xml") == true, "\(loaded.errors)")
    }
}

@Suite struct SQLiteSourceTests {
    @Test func aDatabaseWithTablesAndAQuery() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("db-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("create table organizations (org_id text, name text)")
            c.execute("insert into organizations values ('acme', 'Acme')")
            c.execute("create table books (who text, q text, amount real, cost integer, saved real)")
            c.execute("insert into books values ('acme', '2026-Q1', 1234.5, 7, 0.000037)")
            c.execute("create table blobs (org_id text, name blob)")
            c.execute("insert into blobs values ('x', x'00ff')")
            c.commit()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        try process.run()
        process.waitUntilExit()
        var fixture = WorkspaceFixture()
        fixture.text(
            "impact.yml",
            """
            sources:
              - type: sqlite
                path: \(path)
                tables:
                  financials:
                    query: select who as org_id, q as period, amount as revenue, cost as operating_costs, saved as cost_savings from books
            """)
        let loaded = try fixture.load()
        #expect(loaded.errors == [])
        let figures = try #require(loaded.dataset?.financials(of: "acme", in: "2026-Q1"))
        #expect(figures.revenue == "1234.5")
        #expect(figures.operatingCosts == 7)
        // A REAL below 0.0001, whose shortest text has an exponent (3.7e-05), is read exactly.
        #expect(figures.costSavings == "0.000037")

        fixture.text(
            "impact.yml",
            "sources:\n  - type: sqlite\n    path: \(path)\n    tables:\n      organizations: {table: blobs}\n")
        #expect(
            try fixture.load().errors.contains(
                "\(path)[blobs]:1: column 'name': holds binary data, not text or a number"))
        fixture.text("impact.yml", "sources:\n  - type: sqlite\n    path: notes.sqlite\n")
        fixture.text("notes.sqlite", "not a database")
        #expect(try fixture.load().errors == ["notes.sqlite: is not a SQLite database"])
    }
}

/// Inputs that once crashed a reader (found by the fuzzers in Fuzz/), kept as regression tests.
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Regressions")

    /// A trap in an in-memory archive, and an endless loop on compressed data running past the end.
    @Test(arguments: ["xlsx-truncated-entry.xlsx", "xlsx-entry-past-end.xlsx"])
    func aDamagedWorkbookIsAnErrorNotACrashOrAHang(file: String) throws {
        var fixture = WorkspaceFixture()
        fixture.text("impact.yml", "sources:\n  - type: xlsx\n    path: book.xlsx\n")
        fixture.files["book.xlsx"] = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(file)))
        let started = Date()
        let loaded = try fixture.load()
        #expect(loaded.dataset == nil)
        #expect(!loaded.errors.isEmpty)
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
