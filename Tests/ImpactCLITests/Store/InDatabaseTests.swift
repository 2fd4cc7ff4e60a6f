import Foundation
import Testing

/// `impact report --store postgres://… --compute in-database` against the same report computed in
/// process: generated portfolios (fiscal year starting in April, monthly reporters, a foreign currency)
/// give the same observations — money exactly, other values within 1e-9 relative, the same null
/// reasons — and the same aggregates, suppressions and targets.
@Suite(.serialized) struct InDatabaseTests {
    static func results(_ workspace: String, _ arguments: [String]) throws -> [String: Any] {
        let out = try ImpactProcess.temporaryFolder()
        let outcome = try ImpactProcess.impact(
            ["report", workspace, "--format", "json", "--out", out, "--generated-at", "2026-10-05T09:00:00Z"]
                + arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
                as? [String: Any])
    }

    /// Two JSON values equal, numbers within 1e-9 relative (money is compared by the caller as text).
    static func close(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil), (is NSNull, is NSNull): return true
        case (let x as NSNumber, let y as NSNumber):
            let (p, q) = (x.doubleValue, y.doubleValue)
            return p == q || abs(p - q) <= 1e-9 * max(abs(p), abs(q))
        case (let x as String, let y as String): return x == y
        case (let x as [String: Any], let y as [String: Any]):
            return Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { close(x[$0], y[$0]) }
        case (let x as [Any], let y as [Any]):
            return x.count == y.count && zip(x, y).allSatisfy { close($0, $1) }
        default: return false
        }
    }

    @Test(
        .enabled(if: StoreBackends.postgresURL != nil, Comment(rawValue: StoreBackends.skipMessage)),
        arguments: [(seed: "2", monthly: "0.3"), (seed: "5", monthly: "0.6"), (seed: "11", monthly: "1")])
    func inDatabaseAndInProcessAgree(seed: String, monthly: String) throws {
        let workspace = try ImpactProcess.temporaryFolder() + "/portfolio"
        let made = try ImpactProcess.impact([
            "generate", workspace, "--orgs", "40", "--partners", "150", "--engagements", "8000", "--quarters", "10",
            "--seed", seed, "--fiscal-year-start", "4", "--monthly-share", monthly,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        // Declared metrics: plain arithmetic over metrics is pushed down (money exact, null reasons,
        // division by zero, offsets, a chain); the others stay in process, and the report says why.
        let declared = [
            ("growth_gap", "ratio", "revenue.growth_qoq - revenue.growth_yoy"),
            ("profit", "money", "revenue.total - cost.operating"),
            ("margin", "ratio", "t.profit / revenue.total"),
            ("partners_per_launch", "ratio", "partners.active / time_to_market.launches"),
            ("last_quarter_negated", "money", "-revenue.total[q-1] + funding.raised"),
            ("mixed", "ratio", "(partners.active + time_to_market.launches) / 1000 * 2 - 0.5"),
            ("doubled", "money", "revenue.total * 2"),
            ("grants", "money", "sum(engagements.value where kind = \"grant\")"),
        ]
        var yaml = "metrics:\n"
        for (id, unit, formula) in declared {
            yaml += "  - id: t.\(id)\n    title: \(id)\n    summary: A test metric.\n    unit: \(unit)\n"
            yaml += "    direction: higher_is_better\n    formula: '\(formula)'\n"
        }
        let config = workspace + "/impact.yml"
        try (String(contentsOfFile: config, encoding: .utf8) + yaml).write(
            toFile: config, atomically: true, encoding: .utf8)
        let store = try StoreBackends.freshURL(.postgres)
        let ingest = try ImpactProcess.impact(["ingest", workspace, "--store", store])
        #expect(ingest.status == 0, "\(ingest.stderr)")

        let inProcess = try Self.results(workspace, ["--store", store, "--k", "3"])
        let out = try ImpactProcess.temporaryFolder()
        let run = try ImpactProcess.impact([
            "report", workspace, "--format", "json", "--out", out, "--generated-at", "2026-10-05T09:00:00Z", "--store",
            store, "--k", "3", "--compute", "in-database",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("'t.doubled' is computed in process: it multiplies money by a number"))
        #expect(run.stderr.contains("'t.grants' is computed in process: it reads rows of engagements with sum(…)"))
        #expect(!run.stderr.contains("'t.margin'") && !run.stderr.contains("'t.mixed'"))
        let inDatabase = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
                as? [String: Any])
        let moneyMetrics = Set(
            ((inProcess["metrics"] as? [[String: Any]]) ?? []).filter { $0["unit"] as? String == "money" }.compactMap {
                $0["id"] as? String
            })
        let observations = (inProcess["observations"] as? [[String: Any]]) ?? []
        let others = (inDatabase["observations"] as? [[String: Any]]) ?? []
        #expect(observations.count == others.count && observations.count > 1000)
        var money = 0
        var reasons = 0
        for (a, b) in zip(observations, others) {
            #expect(a["metric"] as? String == b["metric"] as? String && a["org"] as? String == b["org"] as? String)
            #expect(a["reason"] as? String == b["reason"] as? String, "\(a) \(b)")
            if a["reason"] != nil { reasons += 1 }
            if moneyMetrics.contains(a["metric"] as? String ?? ""), let x = a["value"] as? NSNumber {
                // Exact: the same decimal text in results.json.
                #expect(x.stringValue == (b["value"] as? NSNumber)?.stringValue, "\(a) \(b)")
                money += 1
            } else {
                #expect(Self.close(a["value"], b["value"]), "\(a) \(b)")
            }
        }
        #expect(money > 100 && reasons > 10)
        for key in ["aggregates", "targets", "warnings", "quarters", "metrics"] {
            #expect(Self.close(inProcess[key], inDatabase[key]), "\(key) differ")
        }
        let suppressed = ((inDatabase["aggregates"] as? [[String: Any]]) ?? []).filter { $0["suppressed"] != nil }
        #expect(!suppressed.isEmpty)
    }

    /// With the built-in metrics only, the engagements stay in the database: the process reads the other
    /// tables and the counts of engagement rows, and the portfolio report — its network section computed
    /// in SQL — is the in-process report, word for word. A member report needs the engagements and says so.
    @Test(.enabled(if: StoreBackends.postgresURL != nil, Comment(rawValue: StoreBackends.skipMessage)))
    func engagementsStayInTheDatabaseWhenNothingInProcessReadsThem() throws {
        let workspace = try ImpactProcess.temporaryFolder() + "/portfolio"
        let made = try ImpactProcess.impact([
            "generate", workspace, "--orgs", "60", "--partners", "40", "--engagements", "9000", "--quarters", "9",
            "--seed", "4", "--fiscal-year-start", "4", "--monthly-share", "0.3",
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let store = try StoreBackends.freshURL(.postgres)
        #expect(try ImpactProcess.impact(["ingest", workspace, "--store", store]).status == 0)
        func report(_ extra: [String]) throws -> (stderr: String, json: String, markdown: String) {
            let out = try ImpactProcess.temporaryFolder()
            let run = try ImpactProcess.impact(
                [
                    "report", workspace, "--format", "md,json", "--out", out, "--generated-at", "2026-10-05T09:00:00Z",
                    "--store", store, "--k", "3",
                ] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            return (
                run.stderr, try String(contentsOfFile: out + "/results.json", encoding: .utf8),
                try String(contentsOfFile: out + "/report.md", encoding: .utf8)
            )
        }
        let inProcess = try report([])
        let inDatabase = try report(["--compute", "in-database"])
        #expect(!inDatabase.stderr.contains("engagements are read"), "\(inDatabase.stderr)")
        #expect(inDatabase.markdown.contains("distinct partners had an engagement with a reporting member"))
        #expect(inDatabase.markdown.contains("Partners engaged by at least 3 reporting members"))
        #expect(inDatabase.markdown == inProcess.markdown)
        let a = try #require(
            try JSONSerialization.jsonObject(with: Data(inProcess.json.utf8)) as? [String: Any])
        let b = try #require(
            try JSONSerialization.jsonObject(with: Data(inDatabase.json.utf8)) as? [String: Any])
        for key in ["inputs", "aggregates", "observations", "targets", "warnings"] {
            #expect(Self.close(a[key], b[key]), "\(key) differ")
        }
        let member = try report(["--compute", "in-database", "--org", "org-00003"])
        #expect(member.stderr.contains("note: the engagements are read into the process: member reports"))
    }

    @Test(.enabled(if: StoreBackends.postgresURL != nil, Comment(rawValue: StoreBackends.skipMessage)))
    func explainPrintsTheSQLAndNeedsAPostgresStore() throws {
        let store = try StoreBackends.freshURL(.postgres)
        #expect(try ImpactProcess.impact(["ingest", ImpactProcess.northwind, "--store", store]).status == 0)
        let explained = try ImpactProcess.impact([
            "report", ImpactProcess.northwind, "--store", store, "--compute", "in-database", "--explain",
        ])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.contains("percentile_cont(0.85)") && explained.stdout.contains("revision 1,"))
        // What it prints runs as it is.
        let script = try ImpactProcess.temporaryFolder() + "/explain.sql"
        try explained.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let url = URL(string: store)!
        let psql = try ImpactProcess.run(
            "/usr/bin/env",
            [
                "psql", "-q", "-h", url.host!, "-p", String(url.port ?? 5432), "-U", url.user!, "-d",
                String(url.path.dropFirst()), "-v", "ON_ERROR_STOP=1", "-f", script,
            ])
        #expect(psql.status == 0, "\(psql.stderr)")
        #expect(psql.stdout.contains("revenue.growth_yoy") && psql.stdout.contains("size_band"))
        let sqlite = try StoreBackends.freshURL(.sqlite)
        #expect(try ImpactProcess.impact(["ingest", ImpactProcess.northwind, "--store", sqlite]).status == 0)
        let refused = try ImpactProcess.impact([
            "report", ImpactProcess.northwind, "--store", sqlite, "--compute", "in-database",
        ])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("needs a PostgreSQL store"))
    }
}
