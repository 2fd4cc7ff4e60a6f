import Foundation
import Testing

/// The Markdown and HTML reports end to end: golden files (reviewed by eye; re-record with
/// IMPACT_RECORD_GOLDEN=1), scope rules, atomic writing and the check in a real browser.
@Suite(.serialized) struct ReportFilesTests {
    static let golden = ImpactProcess.repository.appendingPathComponent("Tests/ImpactCLITests/Golden").path
    let pinned = ["--generated-at", "2026-10-05T09:00:00Z"]

    /// Two members (a growing software firm; a monthly-reporting micro firm) and the portfolio.
    @Test(arguments: ["fjordbyte", "kelpwise", "portfolio"])
    func theExampleReportsMatchTheirGoldenFiles(org: String) throws {
        let out = try ImpactProcess.temporaryFolder()
        let scope = org == "portfolio" ? [] : ["--org", org]
        let result = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--format", "md,html,json", "--out", out] + scope + pinned)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "report.html", "report.md", "results.json",
            ])
        for file in ["report.md", "report.html"] {
            let produced = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            let goldenPath = "\(Self.golden)/\(org)/\(file)"
            if ProcessInfo.processInfo.environment["IMPACT_RECORD_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(
                    atPath: "\(Self.golden)/\(org)", withIntermediateDirectories: true)
                try produced.write(toFile: goldenPath, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOfFile: goldenPath, encoding: .utf8)
            #expect(
                produced == expected,
                "\(file) differs from \(goldenPath); re-record with IMPACT_RECORD_GOLDEN=1 after review")
        }
        let html = try Data(contentsOf: URL(fileURLWithPath: out + "/report.html"))
        #expect(html.count < 300_000)
    }

    /// The templates and the stylesheet are compiled into the executable: a copy of `impact` alone in an
    /// empty folder, far from the build folder, writes the same files as the built one.
    @Test func aCopiedExecutableNeedsNothingBesideIt() throws {
        let alone = try ImpactProcess.temporaryFolder()
        let copy = alone + "/impact"
        try FileManager.default.copyItem(atPath: ImpactProcess.executable, toPath: copy)
        let out = try ImpactProcess.temporaryFolder()
        for (name, program) in [("built", ImpactProcess.executable), ("copied", copy)] {
            let result = try ImpactProcess.run(
                program,
                [
                    "report", ImpactProcess.northwind, "--org", "fjordbyte", "--format", "md,html,json", "--out",
                    out + "/" + name,
                ]
                    + pinned, in: alone)
            #expect(result.status == 0, "\(name): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: alone) == ["impact"])
        for file in ["report.md", "report.html", "results.json"] {
            let built = try Data(contentsOf: URL(fileURLWithPath: "\(out)/built/\(file)"))
            let copied = try Data(contentsOf: URL(fileURLWithPath: "\(out)/copied/\(file)"))
            #expect(!built.isEmpty && built == copied, "\(file)")
        }
        // The stylesheet is the repository's, inlined whole.
        let css = try String(
            contentsOfFile: ImpactProcess.repository.appendingPathComponent("Reports/templates/report.css").path,
            encoding: .utf8)
        let html = try String(contentsOfFile: out + "/copied/report.html", encoding: .utf8)
        #expect(html.contains(css.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func rerunsAreByteIdentical() throws {
        let out = try ImpactProcess.temporaryFolder()
        for run in ["a", "b"] {
            let result = try ImpactProcess.impact(
                [
                    "report", ImpactProcess.northwind, "--org", "helio-marine", "--out", out + "/" + run, "--locale",
                    "de-DE",
                ] + pinned)
            #expect(result.status == 0, "\(result.stderr)")
        }
        for file in ["report.md", "report.html", "results.json"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(out)/a/\(file)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(out)/b/\(file)"))
            #expect(a == b, "\(file)")
        }
        let markdown = try String(contentsOfFile: "\(out)/a/report.md", encoding: .utf8)
        #expect(markdown.contains("1.970.993,51\u{a0}€"))
    }

    @Test func aSingleOrganisationWorkspaceGetsItsReportWithoutOrg() throws {
        let root = try ImpactProcess.temporaryFolder()
        try "org_id,name,sector\nsolo,Solo <Works> & Co,C\n".write(
            toFile: root + "/organizations.csv", atomically: true, encoding: .utf8)
        try
            "org_id,period,revenue,operating_costs,ecosystem_revenue,cost_savings\nsolo,2026-Q1,100,80,10,5\nsolo,2026-Q2,120,70,30,9\n"
            .write(toFile: root + "/financials.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/narrative", withIntermediateDirectories: true)
        try "A good quarter. <script>alert(1)</script>\n".write(
            toFile: root + "/narrative/2026-Q2.md", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["report", root, "--out", root + "/out"] + pinned)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: root + "/out/report.html", encoding: .utf8)
        #expect(html.contains("<h1>Solo &lt;Works&gt; &amp; Co: ecosystem impact, 2026-Q2</h1>"))
        #expect(html.contains("A good quarter."))
        #expect(!html.contains("<script>"))
    }

    @Test func theSpreadsheetExportNeutralisesFormulas() throws {
        let root = try ImpactProcess.temporaryFolder()
        try #"""
        org_id,name
        a,"=HYPERLINK(""http://x"",""y"")"
        b,+1
        c,@SUM(A1)
        d,"-2+3, ""quoted"""
        =e,plain

        """#.write(toFile: root + "/organizations.csv", atomically: true, encoding: .utf8)
        try "org_id,period,revenue\na,2026-Q1,10\na,2026-Q2,5\nb,2026-Q2,1\n".write(
            toFile: root + "/financials.csv", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["report", root, "--format", "csv", "--out", root + "/out"] + pinned)
        #expect(result.status == 0, "\(result.stderr)")
        // Read back with Python's csv module: the cells are neutralised, the numbers stay numbers.
        let script = """
            import csv, sys
            rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
            print(rows[0])
            names = sorted({(r[3], r[4]) for r in rows[1:]})
            print(names)
            print([r[6] for r in rows[1:] if r[0] == "revenue.growth_qoq" and r[3] == "a" and r[5] == "2026-Q2"])
            """
        let check = try ImpactProcess.run("/usr/bin/env", ["python3", "-c", script, root + "/out/observations.csv"])
        let lines = check.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "['metric', 'title', 'unit', 'org_id', 'organization', 'quarter', 'value', 'reason']")
        #expect(
            lines.dropFirst().first
                == "[(\"'=e\", 'plain'), ('a', '\\'=HYPERLINK(\"http://x\",\"y\")'), ('b', \"'+1\"), ('c', \"'@SUM(A1)\"), ('d', '\\'-2+3, \"quoted\"')]",
            "\(check.stdout)\(check.stderr)")
        #expect(lines.last == "['-0.5']")
    }

    @Test func titleLogoAndAccentComeFromTheConfiguration() throws {
        let root = try ImpactProcess.temporaryFolder()
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind + "/data", toPath: root + "/data")
        let logo =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"
        try logo.write(toFile: root + "/logo.svg", atomically: true, encoding: .utf8)
        try """
        name: Branded
        report:
          title: Quarterly review <Q3>
          logo: logo.svg
          accent: "#7A1F5C"
        """.write(toFile: root + "/impact.yml", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["report", root, "--org", "fjordbyte", "--out", root + "/out"] + pinned)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: root + "/out/report.html", encoding: .utf8)
        #expect(html.contains("<h1>Quarterly review &lt;Q3&gt;</h1>"))
        #expect(html.contains("src=\"data:image/svg+xml;base64,\(Data(logo.utf8).base64EncodedString())\""))
        #expect(html.contains("--accent: #7a1f5c;"))

        try "report:\n  accent: red\n".write(toFile: root + "/impact.yml", atomically: true, encoding: .utf8)
        let bad = try ImpactProcess.impact(["report", root, "--org", "fjordbyte", "--out", root + "/out2"] + pinned)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("impact.yml:2: column 'report.accent': 'red' is not a colour of the form #rrggbb"))
    }

    /// The report settings of impact.yml are checked where they are read, with their line: a format
    /// that does not exist, an empty list, a generation time that is not one; a templates folder that
    /// is not there is refused rather than replaced by the defaults. Nothing is written.
    @Test(arguments: [
        (
            "report:\n  formats: [md, pdfx]\n", 1,
            "impact.yml:2: column 'report.formats': 'pdfx' is not a report format (md, html, json, csv, pdf)"
        ),
        (
            "report:\n  formats: []\n", 1,
            "impact.yml:2: column 'report.formats': names no format (md, html, json, csv, pdf)"
        ),
        (
            "report:\n  generated_at: soon\n", 1,
            "impact.yml:2: column 'report.generated_at': 'soon' is not an RFC 3339 time"
        ),
        (
            "report:\n  templates: no-such-folder\n", 2,
            "/no-such-folder' (report.templates in impact.yml) is not a folder"
        ),
    ])
    func reportSettingsAreCheckedWhereTheyAreRead(configuration: String, status: Int32, message: String) throws {
        let root = try ImpactProcess.temporaryFolder()
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind + "/data", toPath: root + "/data")
        try configuration.write(toFile: root + "/impact.yml", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["report", root, "--out", root + "/out", "--format", "md"])
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/out/report.md"))
    }

    @Test func pdfNeedsChromiumAndSaysHowToGetIt() throws {
        let out = try ImpactProcess.temporaryFolder()
        // A PATH with python3 (for the example's plugin) but no browser.
        let bin = try ImpactProcess.temporaryFolder()
        let python = try ImpactProcess.run("/usr/bin/env", ["python3", "-c", "import sys; print(sys.executable)"])
            .stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)
        try FileManager.default.createSymbolicLink(atPath: bin + "/python3", withDestinationPath: python)
        let script =
            "PATH='\(bin)' IMPACT_CHROMIUM= exec '\(ImpactProcess.executable)' report '\(ImpactProcess.northwind)' --org fjordbyte --format pdf,json --out '\(out)'"
        let result = try ImpactProcess.run("/bin/sh", ["-c", script])
        #expect(result.status == 2)
        #expect(result.stderr.contains("apt-get install chromium"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == [])
    }

    static var chromiumInstalled: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: chromiumInstalled, "headless Chromium is not installed (apt-get install chromium)"))
    func theReportsOpenInARealBrowserPrintAndHaveNoConsoleError() throws {
        let out = try ImpactProcess.temporaryFolder()
        let result = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--org", "fjordbyte", "--format", "html,pdf", "--out", out] + pinned)
        #expect(result.status == 0, "\(result.stderr)")
        let pdf = try Data(contentsOf: URL(fileURLWithPath: out + "/report.pdf"))
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        let batch = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--each-org", "--out", out + "/batch"] + pinned)
        #expect(batch.status == 0, "\(batch.stderr)")
        let script = ImpactProcess.repository.appendingPathComponent("Tests/browser/check_html.py").path
        for html in [out + "/report.html", out + "/batch/report.html", out + "/batch/members/helio-marine/report.html"]
        {
            let check = try ImpactProcess.run("/usr/bin/env", ["python3", script, html, out + "/check"])
            #expect(check.status == 0, "\(html): \(check.stdout)\(check.stderr)")
        }
        let selfTest = try ImpactProcess.run("/usr/bin/env", ["python3", script, "--self-test"])
        #expect(selfTest.status == 0, "\(selfTest.stdout)")
    }
}
