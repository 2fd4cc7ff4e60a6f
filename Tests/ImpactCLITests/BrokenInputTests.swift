import Foundation
import Testing

/// Broken inputs of every kind of source, one defect each, through the `impact` binary: the message
/// names the file, the row or cell, the column and the value; the exit status is 1; nothing is written.
/// (The CSV field-level corpus is in ImpactSourcesTests/ValidationTests.)
@Suite struct BrokenInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let configuration: String
        let files: [String: [UInt8]]
        let message: String
        var testDescription: String { name }

        init(
            _ name: String, configuration: String = "", files: [String: String] = [:], bytes: [String: [UInt8]] = [:],
            _ message: String
        ) {
            self.name = name
            self.configuration = configuration
            var all = bytes
            for (file, text) in files { all[file] = Array(text.utf8) }
            self.files = all
            self.message = message
        }
    }

    static let organizations = "org_id,name\nacme,Acme\n"
    static let financials = "org_id,period,revenue\nacme,2026-Q1,100\n"

    static let cases: [Case] = [
        Case(
            "invalid UTF-8 in a CSV", files: ["organizations.csv": organizations, "financials.csv": financials],
            bytes: ["partners.csv": Array("partner_id,actor_type\np,resea".utf8) + [0xE9, 0x0A]],
            "error: partners.csv:2: column 'actor_type': 'resea\u{FFFD}' is not valid UTF-8 text"),
        Case(
            "a semicolon file read with commas",
            files: ["organizations.csv": "org_id;name\nacme;Acme\n", "financials.csv": financials],
            "error: organizations.csv:1: the header looks separated by semicolons: give the source delimiter: \";\" in impact.yml (a sources: entry of type csv)"
        ),
        Case(
            "a spreadsheet's Unicode text (UTF-16, tabs) read with commas",
            files: ["financials.csv": financials],
            bytes: [
                "organizations.csv": [0xFF, 0xFE]
                    + "org_id\tname\nacme\tAcme\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            ],
            "error: organizations.csv:1: the header looks separated by tabs: give the source delimiter: tab in impact.yml (a sources: entry of type csv)"
        ),
        Case(
            "UTF-16 cut in the middle of a character", files: ["financials.csv": financials],
            bytes: ["organizations.csv": [0xFF, 0xFE, 0x6F, 0x00, 0x3D, 0xD8]],
            "error: organizations.csv: starts with a UTF-16 byte-order mark but is not valid UTF-16 text"),
        Case(
            "a locale the build does not know", configuration: "locale: xx-YY\n",
            files: ["organizations.csv": organizations, "financials.csv": financials],
            "error: impact.yml:1: column 'locale': 'xx-YY' is not a locale this build knows (such as en-US, de-DE or fr-FR)"
        ),
        Case(
            "a folder where a file should be", files: ["organizations.csv": organizations, "financials.csv/x": "x"],
            "error: financials.csv: is a folder, not a file"),
        Case(
            "a binary file as CSV", files: ["financials.csv": financials],
            bytes: ["organizations.csv": [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]],
            "error: organizations.csv:1: column '#1': '\u{FFFD}PNG\\u{0}\\u{1}' is not valid UTF-8 text"),
        Case(
            "a JSON array with a nested value", configuration: "sources:\n  - type: json\n",
            files: [
                "organizations.json": #"[{"org_id": "acme", "name": ["A"]}]"#,
                "financials.json": #"[{"org_id": "acme", "period": "2026-Q1"}]"#,
            ],
            "error: organizations.json:1: column 'name': holds a nested value; a cell must be text, a number, true, false or null"
        ),
        Case(
            "a JSON money value with an exponent", configuration: "sources:\n  - type: json\n",
            files: [
                "organizations.json": #"[{"org_id": "acme", "name": "A"}]"#,
                "financials.json": #"[{"org_id": "acme", "period": "2026-Q1", "revenue": 1e5}]"#,
            ],
            "error: financials.json:1: column 'revenue': '1e5' is not a number"),
        Case(
            "a workbook that is not a zip", configuration: "sources:\n  - type: xlsx\n    path: book.xlsx\n",
            files: ["book.xlsx": "PK but not really"],
            "error: book.xlsx: is not a readable XLSX workbook: it is not a zip archive"),
        Case(
            "a SQLite file that is text", configuration: "sources:\n  - type: sqlite\n    path: db.sqlite\n",
            files: ["db.sqlite": "hello"],
            "error: db.sqlite: is not a SQLite database"),
        Case(
            "an unknown source type", configuration: "sources:\n  - type: parquet\n",
            "error: impact.yml:2: column 'sources[1].type': 'parquet' is not a kind of source (csv, json, xlsx, sqlite)"
        ),
        Case(
            "a date format that is not one", configuration: "sources:\n  - type: csv\n    date_format: DD/MM\n",
            "error: impact.yml:3: column 'sources[1].date_format': 'DD/MM' is not a date format such as DD.MM.YYYY or MM/DD/YYYY"
        ),
        Case(
            "a date in another format than configured",
            configuration: "sources:\n  - type: csv\n    date_format: DD.MM.YYYY\n",
            files: [
                "organizations.csv": organizations, "financials.csv": financials,
                "partners.csv": "partner_id,actor_type\np,other\n",
                "engagements.csv": "org_id,partner_id,kind,started_on\nacme,p,event,31.13.2026\n",
            ],
            "error: engagements.csv:2: column 'started_on': '31.13.2026' is not a valid date"),
        Case(
            "a mapping onto a column that does not exist",
            configuration:
                "sources:\n  - type: csv\n    tables:\n      financials:\n        columns: {Umsatz: turnover}\n",
            "error: impact.yml:5: column 'sources[1].tables.financials.columns.Umsatz': 'turnover' is not a column of 'financials'"
        ),
        Case(
            "a value mapped onto one that is not listed",
            configuration:
                "sources:\n  - type: csv\n    tables:\n      partners:\n        values: {actor_type: {Uni: universty, Bank: Financial}}\n",
            "error: impact.yml:5: column 'sources[1].tables.partners.values.actor_type.Uni': 'universty' is not one of smb, large_enterprise, support_org, research, financial, government, infrastructure, other"
        ),
        Case(
            "a duplicate key across sources",
            configuration: "sources:\n  - type: csv\n    path: a\n  - type: csv\n    path: b\n",
            files: [
                "a/organizations.csv": organizations, "a/financials.csv": financials, "b/financials.csv": financials,
            ],
            "error: b/financials.csv:2: column 'period': '2026-Q1' repeats the financials of 'acme' for '2026-Q1' (first at a/financials.csv:2)"
        ),
    ]

    /// A table whose header cannot be read is one error: the rows of other tables that refer to its ids
    /// are not each reported as referring to an unknown organisation or partner.
    @Test(arguments: ["organizations", "partners"])
    func anUnreadableHeaderIsOneErrorNotOnePerReference(table: String) throws {
        let root = try ImpactProcess.temporaryFolder()
        var files = [
            "organizations.csv": Self.organizations, "financials.csv": Self.financials,
            "partners.csv": "partner_id,actor_type\np,research\n",
            "engagements.csv": "org_id,partner_id,kind,started_on\n"
                + String(repeating: "acme,p,event,2026-01-10\n", count: 50),
        ]
        files[table + ".csv"] = files[table + ".csv"]!.replacingOccurrences(of: ",", with: ";")
        for (name, text) in files { try text.write(toFile: root + "/" + name, atomically: true, encoding: .utf8) }
        let result = try ImpactProcess.impact(["validate", root])
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(
            errors == [
                "error: \(table).csv:1: the header looks separated by semicolons: give the source delimiter: \";\" in impact.yml (a sources: entry of type csv)"
            ], "\(result.stderr)")
    }

    /// A file that is found but cannot be read is reported once, as unreadable: a required table's not
    /// also as not found, the partners' not also as "engagements need partners".
    @Test(arguments: ["organizations", "partners"])
    func anUnreadableFileIsNotAlsoMissing(table: String) throws {
        let root = try ImpactProcess.temporaryFolder()
        var files = ["organizations.csv": Self.organizations, "financials.csv": Self.financials]
        if table == "partners" {
            files["engagements.csv"] = "org_id,partner_id,kind,started_on\nacme,p,event,2026-01-10\n"
        }
        for (name, text) in files where name != table + ".csv" {
            try text.write(toFile: root + "/" + name, atomically: true, encoding: .utf8)
        }
        try Data([0xFF, 0xFE, 0x6F, 0x00, 0x3D, 0xD8]).write(to: URL(fileURLWithPath: root + "/\(table).csv"))
        let result = try ImpactProcess.impact(["validate", root])
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(
            errors == ["error: \(table).csv: starts with a UTF-16 byte-order mark but is not valid UTF-16 text"],
            "\(result.stderr)")
    }

    @Test(arguments: cases)
    func eachBrokenInputIsReportedAndNothingIsWritten(brokenCase: Case) throws {
        let root = try ImpactProcess.temporaryFolder()
        if !brokenCase.configuration.isEmpty {
            try brokenCase.configuration.write(toFile: root + "/impact.yml", atomically: true, encoding: .utf8)
        }
        for (name, bytes) in brokenCase.files {
            let path = root + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let result = try ImpactProcess.impact(["report", root, "--out", root + "/out", "--format", "json,md"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(brokenCase.message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/out"))
    }
}
