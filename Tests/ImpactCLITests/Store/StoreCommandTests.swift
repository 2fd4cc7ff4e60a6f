import Foundation
import Testing

/// `impact ingest`, `impact history` and `impact report --store --as-of`, run as a user runs them,
/// against a real SQLite file and a real PostgreSQL server (when `IMPACT_TEST_POSTGRES` names one).
@Suite(.serialized) struct StoreCommandTests {
    static let pinned = ["--generated-at", "2026-10-05T09:00:00Z"]

    /// A copy of Northwind's data with one correction applied by hand, as CLI.md's rules say it should be:
    /// kelpwise's 2026-Q3 months and fjordbyte's 2026-Q3 row replaced by quarter rows, kelpwise's
    /// engagements replaced, partner imt renamed and a partner added.
    static let correction: [String: [String]] = [
        "financials.csv": [
            "org_id,period,revenue,operating_costs,ecosystem_revenue,cost_savings,currency",
            "kelpwise,2026-Q3,90000.00,70000.00,50000.00,6000.00,",
            "fjordbyte,2026-Q3,700000.00,590000.00,300000.00,45000.00,",
        ],
        "engagements.csv": [
            "engagement_id,org_id,partner_id,kind,started_on,ended_on,value,currency",
            "E9001,kelpwise,fjord-angels,investment,2026-08-01,,250000.00,",
            "E9002,kelpwise,imt,joint_project,2026-07-15,2026-12-31,12000.00,",
        ],
        "partners.csv": [
            "partner_id,name,actor_type,sector,region", "imt,Institute of Marine Technology (IMT),research,M,Fjordside",
            "fjord-angels,Fjord Angels,financial,K,Nordhaven City",
        ],
    ]

    /// Writes the correction as a submission folder.
    static func correctionFolder() throws -> String {
        let folder = try ImpactProcess.temporaryFolder()
        for (file, lines) in correction {
            try (lines.joined(separator: "\n") + "\n").write(
                toFile: folder + "/" + file, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Northwind with the correction applied by hand: the folder a report of revision 2 must equal.
    static func correctedNorthwind() throws -> String {
        let folder = try ImpactProcess.temporaryFolder() + "/northwind"
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind, toPath: folder)
        func rewrite(_ file: String, drop: ([String]) -> Bool) throws {
            let path = folder + "/data/" + file
            var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
            let header = lines.removeFirst()
            lines = lines.filter { !drop($0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
            lines += correction[file]!.dropFirst()
            try ([header] + lines).joined(separator: "\n").appending("\n").write(
                toFile: path, atomically: true, encoding: .utf8)
        }
        try rewrite("financials.csv") {
            ($0[0] == "kelpwise" && ["2026-07", "2026-08", "2026-09"].contains($0[1]))
                || ($0[0] == "fjordbyte" && $0[1] == "2026-Q3")
        }
        try rewrite("engagements.csv") { $0[1] == "kelpwise" }
        try rewrite("partners.csv") { $0[0] == "imt" }
        return folder
    }

    static func impact(_ arguments: [String]) throws -> ImpactProcess.Outcome {
        try ImpactProcess.impact(arguments)
    }

    @Test(arguments: StoreBackends.available)
    func ingestCorrectAndReportAsOfEachRevision(kind: StoreBackends.Kind) throws {
        let store = try StoreBackends.freshURL(kind)
        let first = try Self.impact([
            "ingest", ImpactProcess.northwind, "--store", store, "--message", "Q3 submission", "--recorded-at",
            "2026-10-01T09:00:00Z",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("recorded revision 1"))

        // The report of revision 1, kept to compare byte for byte later.
        let published = try ImpactProcess.temporaryFolder()
        let report = try Self.impact(
            ["report", ImpactProcess.northwind, "--store", store, "--out", published, "--format", "json,md"]
                + Self.pinned)
        #expect(report.status == 0, "\(report.stderr)")

        let correction = try Self.correctionFolder()
        let second = try Self.impact([
            "ingest", correction, "--store", store, "--message", "late corrections", "--recorded-at",
            "2026-10-20T16:30:00Z",
        ])
        #expect(second.status == 0, "\(second.stderr)")
        // 2 financials + 2 engagements + 2 partners added; 3 + 1 financials, 13 engagements, 1 partner replaced.
        #expect(second.stderr.contains("6 rows added, 18 replaced"), "\(second.stderr)")

        // Each revision gives the results of the matching folder (except inputs and warning locations).
        let folderThen = try SourceEquivalenceTests.results(ImpactProcess.northwind)
        let folderNow = try SourceEquivalenceTests.results(try Self.correctedNorthwind())
        #expect(!NSDictionary(dictionary: folderThen).isEqual(to: folderNow), "the correction changes results")
        for (asOf, expected) in [
            ("1", folderThen), ("2026-10-19", folderThen), ("2", folderNow), ("2026-10-20", folderNow),
        ] {
            let fromStore = try SourceEquivalenceTests.results(
                ImpactProcess.northwind, ["--store", store, "--as-of", asOf])
            #expect(NSDictionary(dictionary: fromStore).isEqual(to: expected), "--as-of \(asOf)")
        }
        let latest = try SourceEquivalenceTests.results(ImpactProcess.northwind, ["--store", store])
        #expect(NSDictionary(dictionary: latest).isEqual(to: folderNow))
        // …also for one member, scoped.
        let member = try SourceEquivalenceTests.results(
            ImpactProcess.northwind, ["--store", store, "--as-of", "2", "--org", "kelpwise"])
        let memberFolder = try SourceEquivalenceTests.results(try Self.correctedNorthwind(), ["--org", "kelpwise"])
        #expect(NSDictionary(dictionary: member).isEqual(to: memberFolder))

        // An invalid correction is refused with file, row, column and value, and recorded nowhere.
        let bad = try ImpactProcess.temporaryFolder()
        try "org_id,period,revenue\nkelpwise,2026-Q3,12\nnobody,2026-Q3,5\n".write(
            toFile: bad + "/financials.csv", atomically: true, encoding: .utf8)
        let refused = try Self.impact(["ingest", bad, "--store", store])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("financials.csv:3: column 'org_id': 'nobody'"), "\(refused.stderr)")

        // A withdrawal, then the history: every revision with its time, source, digest and message.
        let withdrawn = try Self.impact([
            "ingest", "--withdraw", "fjordbyte", "--store", store, "--message", "left the programme", "--recorded-at",
            "2026-11-02T08:00:00Z",
        ])
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        let history = try Self.impact(["history", "--store", store, "--format", "json"])
        let revisions = try #require(
            try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(revisions.map { $0["revision"] as? Int } == [1, 2, 3])
        #expect(
            revisions.map { $0["message"] as? String } == ["Q3 submission", "late corrections", "left the programme"])
        #expect(
            revisions.map { $0["recorded_at"] as? String } == [
                "2026-10-01T09:00:00Z", "2026-10-20T16:30:00Z", "2026-11-02T08:00:00Z",
            ])
        #expect(revisions.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
        let withoutFjordbyte = try SourceEquivalenceTests.results(ImpactProcess.northwind, ["--store", store])
        let orgs = Set(
            ((withoutFjordbyte["observations"] as? [[String: Any]]) ?? []).compactMap { $0["org"] as? String })
        #expect(!orgs.contains("fjordbyte") && orgs.contains("kelpwise"))

        // The report published from revision 1 is reproduced exactly, whatever was recorded since.
        let again = try ImpactProcess.temporaryFolder()
        let rerun = try Self.impact(
            [
                "report", ImpactProcess.northwind, "--store", store, "--as-of", "1", "--out", again, "--format",
                "json,md",
            ]
                + Self.pinned)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        for file in ["results.json", "report.md"] {
            let before = try Data(contentsOf: URL(fileURLWithPath: published + "/" + file))
            let after = try Data(contentsOf: URL(fileURLWithPath: again + "/" + file))
            #expect(before == after, "\(file) of revision 1 changed")
        }
    }

    /// Runs SQL against a store with the database's own client (python's sqlite3, or psql).
    static func sql(_ kind: StoreBackends.Kind, _ store: String, _ statement: String) throws -> ImpactProcess.Outcome {
        switch kind {
        case .sqlite:
            return try ImpactProcess.run(
                "/usr/bin/env",
                [
                    "python3", "-c",
                    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print(r)",
                    store, statement,
                ])
        case .postgres:
            let url = URL(string: store)!
            return try ImpactProcess.run(
                "/usr/bin/env",
                [
                    "psql", "-qtA", "-h", url.host!, "-p", String(url.port ?? 5432), "-U", url.user!, "-d",
                    String(url.path.dropFirst()), "-v", "ON_ERROR_STOP=1", "-c", statement,
                ])
        }
    }

    @Test(arguments: StoreBackends.available)
    func theSchemaIsVersionedAndANewerStoreIsRefused(kind: StoreBackends.Kind) throws {
        let store = try StoreBackends.freshURL(kind)
        #expect(try Self.impact(["ingest", ImpactProcess.northwind, "--store", store]).status == 0)
        let versions = try Self.sql(kind, store, "SELECT version FROM impact_migrations")
        #expect(versions.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == (kind == .sqlite ? "[(1,)]" : "1"))
        if kind == .sqlite {
            // One file, WAL, and the rows reference their revisions (foreign keys, enforced by impact's
            // connections).
            #expect(try Self.sql(kind, store, "PRAGMA journal_mode").stdout.contains("wal"))
            let keys = try Self.sql(kind, store, "PRAGMA foreign_key_list(impact_engagements)").stdout
            #expect(keys.contains("impact_revisions") && keys.contains("added_in") && keys.contains("removed_in"))
        }
        #expect(try Self.sql(kind, store, "INSERT INTO impact_migrations VALUES (99, '2030-01-01')").status == 0)
        let refused = try Self.impact(["history", "--store", store])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("schema version 99, newer than this impact knows (1)"), "\(refused.stderr)")
        // --as-of without a store is a usage error.
        let usage = try Self.impact(["report", ImpactProcess.northwind, "--as-of", "1", "--out", "/tmp/unused"])
        #expect(usage.status == 64 && usage.stderr.contains("--as-of reads a store"))
    }

    @Test func theStoreCanBeNamedInImpactYml() throws {
        let workspace = try ImpactProcess.temporaryFolder() + "/northwind"
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind, toPath: workspace)
        let config = workspace + "/impact.yml"
        try (String(contentsOfFile: config, encoding: .utf8) + "store: history/impact.sqlite\n").write(
            toFile: config, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: workspace + "/history", withIntermediateDirectories: true)
        let ingest = try Self.impact(["ingest", workspace, "--message", "from impact.yml"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace + "/history/impact.sqlite"))
        let history = try Self.impact(["history", workspace])
        #expect(history.status == 0 && history.stdout.contains("from impact.yml"), "\(history.stderr)")
        // The report reads the store: its inputs name the revision.
        let out = try ImpactProcess.temporaryFolder()
        let report = try Self.impact(["report", workspace, "--format", "json", "--out", out] + Self.pinned)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try String(contentsOfFile: out + "/results.json", encoding: .utf8).contains("financials.csv@r1"))
        // A password in impact.yml is refused before anything is read.
        try (String(contentsOfFile: config, encoding: .utf8) + "").replacingOccurrences(
            of: "store: history/impact.sqlite", with: "store: postgres://ann:hunter2@db/impact"
        ).write(toFile: config, atomically: true, encoding: .utf8)
        let refused = try Self.impact(["history", workspace])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("must not contain a password") && !refused.stderr.contains("hunter2"))
        // On the command line too, and a store URL of another kind names the kinds there are, once.
        let option = try Self.impact(["history", "--store", "postgres://ann:hunter2@db/impact"])
        #expect(option.status == 64)
        #expect(option.stderr.contains("must not contain a password") && !option.stderr.contains("hunter2"))
        let other = try Self.impact(["history", "--store", "mysql://db/impact"])
        #expect(other.status == 64)
        #expect(
            other.stderr.hasPrefix(
                "Error: Please give --store as a file path, sqlite:PATH or postgres://user@host:port/database: the store URL scheme 'mysql' is not supported.\n"
            ), "\(other.stderr)")
    }

    @Test func aDatabaseThatIsNotAStoreIsLeftExactlyAsItWas() throws {
        let folder = try ImpactProcess.temporaryFolder()
        let path = folder + "/northwind.sqlite"
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind + "/northwind.sqlite", toPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for arguments in [
            ["history", "--store", path], ["ingest", ImpactProcess.northwind, "--store", path],
            ["report", ImpactProcess.northwind, "--store", "sqlite:" + path, "--out", folder + "/out"],
        ] {
            let outcome = try Self.impact(arguments)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("is a SQLite database but not an impact store"), "\(outcome.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["northwind.sqlite"])
    }

    @Test(arguments: StoreBackends.available)
    func thePasswordAppearsNowhere(kind: StoreBackends.Kind) throws {
        guard kind == .postgres, let password = ProcessInfo.processInfo.environment["PGPASSWORD"] else { return }
        let store = try StoreBackends.freshURL(kind)
        let out = try ImpactProcess.temporaryFolder()
        var outputs = [
            try Self.impact(["ingest", ImpactProcess.northwind, "--store", store]),
            try Self.impact(["history", "--store", store]),
            try Self.impact(["history", "--store", store, "--format", "json"]),
            try Self.impact(["report", ImpactProcess.northwind, "--store", store, "--out", out] + Self.pinned),
            try Self.impact(["report", ImpactProcess.northwind, "--store", store, "--as-of", "9", "--out", out]),
        ]
        // A wrong password: the message says the login was refused, and shows neither password.
        let wrong = try ImpactProcess.run(
            "/usr/bin/env", ["PGPASSWORD=wrong-\(password)", ImpactProcess.executable, "history", "--store", store])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("refused the login"), "\(wrong.stderr)")
        outputs.append(wrong)
        for outcome in outputs {
            #expect(!outcome.stdout.contains(password) && !outcome.stderr.contains(password))
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: out) {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            #expect(!text.contains(password), "\(file)")
        }
    }
}
