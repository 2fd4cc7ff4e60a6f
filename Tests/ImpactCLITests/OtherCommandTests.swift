import Foundation
import Testing

@Suite struct OtherCommandTests {
    @Test func validateShowsProblemsThenTheSummary() throws {
        let ok = try ImpactProcess.impact(["validate", ImpactProcess.northwind])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("Northwind Innovation Cluster: 0 errors, 0 warnings\n"))
        #expect(ok.stdout.contains("data/engagements.csv    engagements     400"))
        #expect(ok.stdout.contains("2026-Q3     32 of 32"))

        let root = try ImpactProcess.temporaryFolder()
        try "org_id,name\nacme,Acme\nacme,Again\n".write(
            toFile: root + "/organizations.csv", atomically: true, encoding: .utf8)
        try "org_id,period,revenue\nacme,2026-Q1,5\nzeta,2026-Q1,x\n".write(
            toFile: root + "/financials.csv", atomically: true, encoding: .utf8)
        let bad = try ImpactProcess.impact(["validate", root])
        #expect(bad.status == 1)
        #expect(
            bad.stderr == """
                error: financials.csv:3: column 'org_id': 'zeta' is not in organizations
                  hint: add the organisation to the organizations table, or correct the id
                error: financials.csv:3: column 'revenue': 'x' is not a number (up to 15 digits, optionally '.' and up to 6 decimals, e.g. 1234.56)
                  hint: write numbers as 1234.56 (no currency sign, no grouping), or set decimal_mark and grouping for the source
                error: organizations.csv:3: column 'org_id': 'acme' appears again (first at row 2)
                  hint: remove or merge the repeated row; ids must be unique

                """)
        let json = try ImpactProcess.impact(["validate", root, "--format", "json"])
        #expect(json.status == 1)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(parsed["valid"] as? Bool == false)
        #expect((parsed["errors"] as? [Any])?.count == 3)
        // The text shows no digests (its files are read without them); JSON gives each input's.
        let inputs = try #require(parsed["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["source"] as? String } == ["financials.csv", "organizations.csv"])
        #expect(inputs.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
    }

    /// validate checks the engagements as a report's load does (it keeps none): a repeated id and an
    /// unknown partner are errors with their rows, in text and in JSON.
    @Test func validateChecksEveryEngagement() throws {
        let root = try ImpactProcess.temporaryFolder()
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind + "/data", toPath: root + "/data")
        let path = root + "/data/engagements.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let rows = text.split(separator: "\n").count
        text += "E0001,fennel-foods,saltmarsh-food-hall,event,2026-01-10,,5,\n"
        text += "E9999,fennel-foods,nobody-at-all,event,2026-01-10,,5,\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["validate", root])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "error: data/engagements.csv:\(rows + 1): column 'engagement_id': 'E0001' appears again (first at row 2)"
            ),
            "\(result.stderr)")
        #expect(result.stderr.contains("error: data/engagements.csv:\(rows + 2): column 'partner_id': 'nobody-at-all'"))
        let json = try ImpactProcess.impact(["validate", root, "--format", "json"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((parsed["errors"] as? [[String: Any]])?.compactMap { $0["row"] as? Int } == [rows + 1, rows + 2])
    }

    @Test func aBadConfigurationNamesItsLine() throws {
        let root = try ImpactProcess.temporaryFolder()
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind + "/data", toPath: root + "/data")
        try "name: Test\nfiscal_year_start: 13\ncurrancy: EUR\n".write(
            toFile: root + "/impact.yml", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact(["validate", root])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "error: impact.yml:2: column 'fiscal_year_start': '13' must be a whole number from 1 to 12"))
        #expect(result.stderr.contains("error: impact.yml:3: column 'currancy': 'currancy' is not a known key"))
    }

    @Test func metricsListsTheCatalogue() throws {
        let text = try ImpactProcess.impact(["metrics"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("revenue.growth_qoq  (ratio, higher is better, IRIS+ FP4761)"))
        let json = try ImpactProcess.impact(["metrics", "--format", "json"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((parsed["metrics"] as? [[String: Any]])?.count == 25)
    }

    /// The coverage lists every quarter from the first with data to the last, but a run of four or more
    /// in which nobody reports (the years between a mistyped period and the rest) is one line; shorter
    /// gaps keep their lines. JSON keeps every quarter.
    @Test func validateFoldsLongRunsOfQuartersWithoutData() throws {
        let root = try ImpactProcess.temporaryFolder()
        try "org_id,name\nacme,Acme\n".write(toFile: root + "/organizations.csv", atomically: true, encoding: .utf8)
        try "org_id,period,revenue\nacme,1999-Q1,5\nacme,1999-Q3,5\nacme,2026-Q1,5\nacme,2026-Q2,5\n".write(
            toFile: root + "/financials.csv", atomically: true, encoding: .utf8)
        let text = try ImpactProcess.impact(["validate", root])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.hasSuffix(
                """
                quarter  organisations reporting
                1999-Q1      1 of 1
                1999-Q2      0 of 1
                1999-Q3      1 of 1
                1999-Q4 to 2025-Q4: nobody reports (105 quarters)
                2026-Q1      1 of 1
                2026-Q2      1 of 1

                """), "\(text.stdout)")
        let json = try ImpactProcess.impact(["validate", root, "--format", "json"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((parsed["coverage"] as? [[String: Any]])?.count == 110)
    }

    @Test func generateIsDeterministic() throws {
        let root = try ImpactProcess.temporaryFolder()
        for (folder, seed) in [("a", "5"), ("b", "5"), ("c", "6")] {
            let result = try ImpactProcess.impact([
                "generate", root + "/" + folder, "--orgs", "20", "--partners", "30", "--engagements", "500",
                "--quarters", "6", "--seed", seed,
            ])
            #expect(result.status == 0)
        }
        for table in ["organizations", "financials", "partners", "engagements", "launches", "targets", "fx_rates"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(root)/a/\(table).csv"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(root)/b/\(table).csv"))
            #expect(a == b, "\(table)")
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(root)/a/engagements.csv"))
        let c = try Data(contentsOf: URL(fileURLWithPath: "\(root)/c/engagements.csv"))
        #expect(a != c)
        let validated = try ImpactProcess.impact(["validate", root + "/a"])
        #expect(validated.status == 0, "\(validated.stderr)")
    }

    /// Generated dates are readable dates: a last quarter whose quarters (and the year of engagements
    /// before them) reach before the year 1 is refused and nothing is written; the earliest accepted one
    /// validates.
    @Test func generateWritesOnlyReadableDates() throws {
        let root = try ImpactProcess.temporaryFolder()
        let small = ["--orgs", "3", "--partners", "4", "--engagements", "40", "--quarters", "4"]
        let early = try ImpactProcess.impact(["generate", root + "/early", "--last-quarter", "0001-Q4"] + small)
        #expect(early.status == 2)
        #expect(
            early.stderr
                == "error: --last-quarter 0001-Q4 with --quarters 4 and the year of engagements before them reach before the year 1: give a later --last-quarter or fewer --quarters\n"
        )
        #expect(!FileManager.default.fileExists(atPath: root + "/early"))
        let first = try ImpactProcess.impact(["generate", root + "/first", "--last-quarter", "0002-Q4"] + small)
        #expect(first.status == 0, "\(first.stderr)")
        let validated = try ImpactProcess.impact(["validate", root + "/first"])
        #expect(validated.status == 0, "\(validated.stderr)")
    }

    @Test func initScaffoldsAWorkspaceThatValidatesOnceFilledIn() throws {
        let root = try ImpactProcess.temporaryFolder() + "/new"
        let created = try ImpactProcess.impact(["init", root])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root + "/data").sorted() == [
                "engagements.csv", "financials.csv", "fx_rates.csv", "launches.csv", "organizations.csv",
                "partners.csv",
                "targets.csv",
            ])
        // The workbook template has a sheet per table with its headers, readable as a source.
        let copy = try ImpactProcess.temporaryFolder()
        try FileManager.default.copyItem(atPath: root + "/templates", toPath: copy + "/templates")
        try "sources:\n  - type: xlsx\n    path: templates/workbook.xlsx\n".write(
            toFile: copy + "/impact.yml", atomically: true, encoding: .utf8)
        let workbook = try ImpactProcess.impact(["validate", copy])
        #expect(workbook.status == 0, "\(workbook.stderr)")
        #expect(workbook.stdout.contains("templates/workbook.xlsx[organizations]"))
        // The configuration parses, and the empty tables are valid.
        let empty = try ImpactProcess.impact(["validate", root])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.hasPrefix("My workspace: 0 errors, 0 warnings"))
        try "org_id,name,sector,region,size_band,cohort\nacme,Acme,C,,small,\n".write(
            toFile: root + "/data/organizations.csv", atomically: true, encoding: .utf8)
        try "org_id,period,revenue,operating_costs,ecosystem_revenue,cost_savings,currency\nacme,2026-Q3,100,80,10,5,\n"
            .write(
                toFile: root + "/data/financials.csv", atomically: true, encoding: .utf8)
        let report = try ImpactProcess.impact(["report", root, "--out", root + "/out"])
        #expect(report.status == 0, "\(report.stderr)")
        // A second init refuses to overwrite anything.
        let again = try ImpactProcess.impact(["init", root])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already has 'impact.yml'"))
    }

    @Test func versionAndHelp() throws {
        #expect(try ImpactProcess.impact(["--version"]).stdout == "0.1.0\n")
        let help = try ImpactProcess.impact(["report", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--generated-at"))
    }
}
