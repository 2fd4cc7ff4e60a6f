import Foundation
import Testing

@Suite(.serialized) struct ReportCommandTests {
    let pinned = ["--generated-at", "2026-10-05T09:00:00Z", "--format", "json"]

    @Test func theExampleReportIsWrittenAndRerunsAreByteIdentical() throws {
        let out = try ImpactProcess.temporaryFolder()
        let first = try ImpactProcess.impact(["report", ImpactProcess.northwind, "--out", out + "/a"] + pinned)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "")
        #expect(first.stderr.contains("wrote results.json to \(out)/a (2026-Q3, 8 quarters, 32 organisations)"))
        let second = try ImpactProcess.impact(["report", ImpactProcess.northwind, "--out", out + "/b"] + pinned)
        #expect(second.status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: out + "/a/results.json"))
        let b = try Data(contentsOf: URL(fileURLWithPath: out + "/b/results.json"))
        #expect(a == b)
        let json = try #require(try JSONSerialization.jsonObject(with: a) as? [String: Any])
        #expect(json["schema"] as? String == "impact-results/1")
        #expect(json["workspace"] as? String == "Northwind Innovation Cluster")
        #expect(json["quarter"] as? String == "2026-Q3")
        // 25 built-in metrics, 4 declared in impact.yml and 2 from the Python plugin.
        #expect((json["observations"] as? [Any])?.count == 31 * 32 * 8)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/a") == ["results.json"])
    }

    @Test func theExampleAgreesWithTheIndependentReference() throws {
        let out = try ImpactProcess.temporaryFolder()
        #expect(try ImpactProcess.impact(["report", ImpactProcess.northwind, "--out", out] + pinned).status == 0)
        let check = try Reference.compare(workspace: ImpactProcess.northwind, results: out + "/results.json")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test(arguments: [(21, 1, 0.1), (22, 4, 0.5), (23, 7, 0.0), (24, 10, 1.0)])
    func generatedWorkspacesAgreeWithTheIndependentReference(seed: Int, fiscalYearStart: Int, monthly: Double) throws {
        let root = try ImpactProcess.temporaryFolder()
        let generated = try ImpactProcess.impact([
            "generate", root + "/ws", "--orgs", "60", "--partners", "90", "--engagements", "4000", "--quarters", "12",
            "--seed", "\(seed)", "--fiscal-year-start", "\(fiscalYearStart)", "--monthly-share", "\(monthly)",
        ])
        #expect(generated.status == 0, "\(generated.stderr)")
        let report = try ImpactProcess.impact(
            ["report", root + "/ws", "--out", root + "/out", "--window", "10"] + pinned)
        #expect(report.status == 0, "\(report.stderr)")
        let check = try Reference.compare(
            workspace: root + "/ws", results: root + "/out/results.json", fiscalYearStart: fiscalYearStart)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("agree: \(25 * 60 * 10) observations"))
    }

    @Test func invalidDataExitsOneAndWritesNothing() throws {
        let root = try ImpactProcess.temporaryFolder()
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind, toPath: root + "/ws")
        let engagements = root + "/ws/data/engagements.csv"
        var text = try String(contentsOfFile: engagements, encoding: .utf8)
        text += "E9999,fjordbyte,nordhaven-uni,joint_project,2026-13-01,,12k,\n"
        try text.write(toFile: engagements, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
        try "keep me".write(toFile: root + "/out/notes.txt", atomically: true, encoding: .utf8)

        let result = try ImpactProcess.impact(["report", root + "/ws", "--out", root + "/out"] + pinned)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "error: data/engagements.csv:402: column 'started_on': '2026-13-01' is not a valid date (YYYY-MM-DD)"))
        #expect(result.stderr.contains("error: data/engagements.csv:402: column 'value': '12k' is not a number"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/out") == ["notes.txt"])
        #expect(try String(contentsOfFile: root + "/out/notes.txt", encoding: .utf8) == "keep me")
    }

    /// A report quarter in which nobody (or the organisation asked for) reports is written as asked, with
    /// a warning naming the latest quarter that has data.
    @Test func aQuarterWithoutDataIsWrittenWithAWarning() throws {
        let out = try ImpactProcess.temporaryFolder()
        let portfolio = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--quarter", "2030-Q1", "--out", out] + pinned)
        #expect(portfolio.status == 0, "\(portfolio.stderr)")
        #expect(
            portfolio.stderr.contains(
                "warning: no organisation reports in 2030-Q1; the latest quarter with data is 2026-Q3"),
            "\(portfolio.stderr)")
        let member = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--org", "fjordbyte", "--quarter", "2019-Q1", "--out", out]
                + pinned)
        #expect(member.status == 0, "\(member.stderr)")
        #expect(
            member.stderr.contains(
                "warning: 'fjordbyte' does not report in 2019-Q1; the latest quarter with data is 2026-Q3"),
            "\(member.stderr)")
        let latest = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--org", "fjordbyte", "--out", out] + pinned)
        #expect(latest.status == 0)
        #expect(!latest.stderr.contains("does not report"), "\(latest.stderr)")
    }

    @Test(arguments: [
        (["--k", "2"], "--k of at least 3"),
        (["--quarter", "2026-Q5"], "--quarter as a fiscal quarter"),
        (["--window", "0"], "--window as a number of quarters"),
        (["--format", "docx"], "Please choose formats among md, html, json, csv, pdf"),
        (["--format", "xlsx"], "Please choose formats among md, html, json, csv, pdf, not 'xlsx'"),
        (["--locale", "en_US!"], "--locale as a language tag"),
        (
            ["--locale", "zz-ZZ"],
            "--locale as a locale this build knows, such as en-US, de-DE or fr-FR: 'zz-ZZ' is not one"
        ),
        (["--fiscal-year-start", "13"], "--fiscal-year-start as a month"),
        (["--currency", "EURO"], "--currency as a three-letter ISO 4217 code"),
        (["--generated-at", "soon"], "--generated-at as an RFC 3339 time"),
        (["--generated-at", "2026-02-30T09:00:00Z"], "--generated-at as an RFC 3339 time"),
        (["--no-such-option"], "Unknown option '--no-such-option'"),
    ])
    func usageErrorsExit64(arguments: [String], message: String) throws {
        let out = try ImpactProcess.temporaryFolder()
        let result = try ImpactProcess.impact(["report", ImpactProcess.northwind, "--out", out] + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == [])
    }

    /// Report files are written beside their names and renamed only when every one is ready: a file that
    /// cannot be put in place leaves the folder as it was, without temporary files.
    @Test func anOutputThatCannotBePutInPlaceLeavesTheFolderAsItWas() throws {
        let out = try ImpactProcess.temporaryFolder()
        try "keep me".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: out + "/report.md", withIntermediateDirectories: false)
        let result = try ImpactProcess.impact(
            [
                "report", ImpactProcess.northwind, "--out", out, "--generated-at", "2026-10-05T09:00:00Z", "--format",
                "json,md",
            ])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("error: cannot write '\(out)/report.md': a folder has that name"), "\(result.stderr)"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["notes.txt", "report.md"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/report.md") == [])
        #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "keep me")
        // The same folder takes the report once the name is free.
        try FileManager.default.removeItem(atPath: out + "/report.md")
        let again = try ImpactProcess.impact(
            [
                "report", ImpactProcess.northwind, "--out", out, "--generated-at", "2026-10-05T09:00:00Z", "--format",
                "json,md",
            ])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "notes.txt", "report.md", "results.json",
            ])
    }

    /// Dates begin in the year 1. A window whose year before it (read by growth metrics, formulas and
    /// plugins) reaches before it is refused with the earliest quarter it could end with, nothing written;
    /// the earliest accepted one is reported in every format — a fiscal year from July names the year it
    /// ends in, so its first quarter starts in the July before.
    @Test func quartersBeforeTheYearOneAreRefusedAndTheFirstOnesReported() throws {
        let out = try ImpactProcess.temporaryFolder()
        let july = ["--fiscal-year-start", "7", "--generated-at", "2026-10-05T09:00:00Z"]
        let window = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--quarter", "0003-Q1", "--out", out] + july)
        #expect(window.status == 2)
        #expect(
            window.stderr.hasSuffix(
                "error: the 8 quarters ending 0003-Q1 and the year before them (which growth metrics read) reach before the year 1, where dates begin; the earliest quarter a window of 8 can end with is 0004-Q2: please give a later --quarter or a shorter --window\n"
            ), "\(window.stderr)")
        let single = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--quarter", "0002-Q2", "--window", "1", "--out", out] + july)
        #expect(single.status == 2)
        #expect(
            single.stderr.hasSuffix(
                "error: quarter 0002-Q2 and the year before it (which growth metrics read) reach before the year 1, where dates begin; the earliest quarter a report can end with is 0002-Q3: please give a later --quarter\n"
            ), "\(single.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == [])
        for scope in [[], ["--org", "fjordbyte"]] {
            let first = try ImpactProcess.impact(
                ["report", ImpactProcess.northwind, "--quarter", "0002-Q3", "--window", "1", "--out", out + "/first"]
                    + scope + july + ["--format", "md,html,json,csv"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stderr.contains("(0002-Q3, 1 quarter, 32 organisations)"), "\(first.stderr)")
            let report = try String(contentsOfFile: out + "/first/report.md", encoding: .utf8)
            #expect(report.contains("0002-Q3"))
        }
    }

    @Test func otherFailuresExitTwo() throws {
        let missing = try ImpactProcess.impact(["report", "/nonexistent/workspace"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: workspace '/nonexistent/workspace' does not exist\n")
        let out = try ImpactProcess.temporaryFolder()
        let unknownOrg = try ImpactProcess.impact(["report", ImpactProcess.northwind, "--org", "nobody", "--out", out])
        #expect(unknownOrg.status == 2)
        #expect(unknownOrg.stderr.contains("error: organisation 'nobody' is not in the organizations table"))
    }

    @Test func aMembersResultsHoldOnlyItsOwnObservations() throws {
        let out = try ImpactProcess.temporaryFolder()
        let result = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--org", "kelpwise", "--out", out] + pinned)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
                as? [String: Any])
        let observations = try #require(json["observations"] as? [[String: Any]])
        #expect(observations.count == 31 * 8)
        #expect(observations.allSatisfy { $0["org"] as? String == "kelpwise" })
        let targets = try #require(json["targets"] as? [[String: Any]])
        #expect(!targets.isEmpty && targets.allSatisfy { $0["org"] as? String == "kelpwise" })
        // Benchmarks are the member's own, in the groups it belongs to, with published aggregates only.
        let benchmarks = try #require(json["benchmarks"] as? [[String: Any]])
        #expect(!benchmarks.isEmpty)
        let groups = Set(benchmarks.compactMap { ($0["group"] as? [String: String])?.keys.first ?? "portfolio" })
        #expect(groups.isSubset(of: ["portfolio", "cohort", "region", "sector", "size_band"]))
        let aggregates = try #require(json["aggregates"] as? [[String: Any]])
        #expect(aggregates.allSatisfy { $0["suppressed"] == nil })
    }

    @Test func optionsOverrideTheWorkspaceConfiguration() throws {
        let out = try ImpactProcess.temporaryFolder()
        let result = try ImpactProcess.impact(
            [
                "report", ImpactProcess.northwind, "--out", out, "--quarter", "2025-Q4", "--window", "3",
            ] + pinned)
        #expect(result.status == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
                as? [String: Any])
        #expect(json["quarters"] as? [String] == ["2025-Q2", "2025-Q3", "2025-Q4"])
    }

    @Test func aSmallWorkspaceRunsWithinTwoGibibytesOfAddressSpace() throws {
        let out = try ImpactProcess.temporaryFolder()
        let script =
            "ulimit -v 2097152 && exec '\(ImpactProcess.executable)' report '\(ImpactProcess.northwind)' --org fjordbyte --out '\(out)'"
        let result = try ImpactProcess.run("/bin/sh", ["-c", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "report.html", "report.md", "results.json",
            ])
    }
}

/// The independent Python implementation of the metric contract in Tests/reference.
enum Reference {
    static func compare(workspace: String, results: String, fiscalYearStart: Int = 1) throws -> ImpactProcess.Outcome {
        let script = ImpactProcess.repository.appendingPathComponent("Tests/reference/reference_metrics.py").path
        return try ImpactProcess.run(
            "/usr/bin/env", ["python3", script, workspace, results, "--fiscal-year-start", "\(fiscalYearStart)"])
    }
}
