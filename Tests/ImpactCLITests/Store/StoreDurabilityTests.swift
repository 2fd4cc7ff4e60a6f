import Foundation
import Testing

/// A store survives a writer killed at any moment and two writers at once: real processes, a real
/// SQLite file, a real PostgreSQL server.
@Suite(.serialized) struct StoreDurabilityTests {
    /// Two generated portfolios with the same organisations and different figures.
    static let portfolios: (a: String, b: String) = {
        let root = try! ImpactProcess.temporaryFolder()
        for (name, seed) in [("a", "1"), ("b", "2")] {
            let made = try! ImpactProcess.impact([
                "generate", root + "/" + name, "--orgs", "40", "--partners", "200", "--engagements", "20000",
                "--quarters", "8", "--seed", seed,
            ])
            precondition(made.status == 0, made.stderr)
        }
        return (root + "/a", root + "/b")
    }()

    /// Starts one `impact ingest` per folder at the same moment and expects each to succeed.
    static func ingestTogether(_ folders: [String], into store: String) throws {
        let processes = folders.map { folder -> (Process, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ImpactProcess.executable)
            process.arguments = ["ingest", folder, "--store", store]
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            return (process, pipe)
        }
        for (process, _) in processes { try process.run() }
        for (process, pipe) in processes {
            let message = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(message)")
        }
    }

    static func revisions(_ store: String) throws -> Int {
        let history = try ImpactProcess.impact(["history", "--store", store, "--format", "json"])
        #expect(history.status == 0, "\(history.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [Any])?.count ?? -1
    }

    @Test(arguments: StoreBackends.available)
    func aWriterKilledAtAnyMomentLeavesTheStoreAsItWas(kind: StoreBackends.Kind) throws {
        let (a, b) = Self.portfolios
        let results = [a: try SourceEquivalenceTests.results(a), b: try SourceEquivalenceTests.results(b)]
        let store = try StoreBackends.freshURL(kind)
        let start = Date()
        let first = try ImpactProcess.impact(["ingest", a, "--store", store])
        let duration = Date().timeIntervalSince(start)
        #expect(first.status == 0, "\(first.stderr)")

        var current = a
        var count = 1
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<3 {
            let next = current == a ? b : a
            let delay = Double.random(in: 0.05...1.1, using: &generator) * duration
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ImpactProcess.executable)
            process.arguments = ["ingest", next, "--store", store]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try Self.revisions(store)
            // Either the kill came first and nothing was recorded, or the ingest had committed.
            #expect(now == count || now == count + 1, "attempt \(attempt) after \(delay) s: \(now) revisions")
            if now == count + 1 {
                current = next
                count = now
            }
            let read = try SourceEquivalenceTests.results(a, ["--store", store])
            #expect(
                NSDictionary(dictionary: read).isEqual(to: results[current]!),
                "attempt \(attempt): killed after \(delay) s of \(duration) s, the store is not the last committed revision"
            )
        }
        // And the store still takes a revision afterwards.
        let after = try ImpactProcess.impact(["ingest", current == a ? b : a, "--store", store])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(try Self.revisions(store) == count + 1)
    }

    @Test(arguments: StoreBackends.available)
    func twoWritersAtOnceBothLandWithoutALostUpdate(kind: StoreBackends.Kind) throws {
        let store = try StoreBackends.freshURL(kind)
        let base = try ImpactProcess.impact(["ingest", ImpactProcess.northwind, "--store", store])
        #expect(base.status == 0, "\(base.stderr)")
        // Two submissions touching different rows, started together.
        let folders = try ["financials.csv", "engagements.csv"].map { file -> String in
            let folder = try ImpactProcess.temporaryFolder()
            // fjordbyte's quarter; kelpwise's engagement with a partner that exists.
            let all = StoreCommandTests.correction[file]!
            let lines = [all[0], all[2]]
            try (lines.joined(separator: "\n") + "\n").write(
                toFile: folder + "/" + file, atomically: true, encoding: .utf8)
            return folder
        }
        try Self.ingestTogether(folders, into: store)
        #expect(try Self.revisions(store) == 3)
        // Both changes are in the latest revision: fjordbyte's new quarter and kelpwise's one engagement.
        let expected = try ImpactProcess.temporaryFolder() + "/northwind"
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind, toPath: expected)
        for (file, keep) in [
            ("financials.csv", { (fields: [String]) in !(fields[0] == "fjordbyte" && fields[1] == "2026-Q3") }),
            ("engagements.csv", { (fields: [String]) in fields[1] != "kelpwise" }),
        ] {
            let path = expected + "/data/" + file
            var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
            let header = lines.removeFirst()
            lines = lines.filter { keep($0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
            let added = StoreCommandTests.correction[file]!.filter {
                $0.hasPrefix("fjordbyte") || $0.hasPrefix("E9002")
            }
            try ([header] + lines + added).joined(separator: "\n").appending("\n").write(
                toFile: path, atomically: true, encoding: .utf8)
        }
        let fromStore = try SourceEquivalenceTests.results(ImpactProcess.northwind, ["--store", store])
        let fromFolder = try SourceEquivalenceTests.results(expected)
        #expect(NSDictionary(dictionary: fromStore).isEqual(to: fromFolder))
    }

    /// Two first ingests into a new store: the schema is made once and both revisions land.
    @Test(arguments: StoreBackends.available)
    func twoFirstWritersOnANewStoreBothLand(kind: StoreBackends.Kind) throws {
        let store = try StoreBackends.freshURL(kind)
        try Self.ingestTogether([ImpactProcess.northwind, ImpactProcess.northwind], into: store)
        #expect(try Self.revisions(store) == 2)
    }

    @Test(arguments: StoreBackends.available)
    func aWriterThatWaitsTooLongIsToldToRetry(kind: StoreBackends.Kind) throws {
        let store = try StoreBackends.freshURL(kind)
        #expect(try ImpactProcess.impact(["ingest", ImpactProcess.northwind, "--store", store]).status == 0)
        // Another client holds the write lock for 8 seconds.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        switch kind {
        case .sqlite:
            holder.arguments = [
                "python3", "-c",
                "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(8)",
                store,
            ]
        case .postgres:
            let url = URL(string: store)!
            holder.arguments = [
                "psql", "-h", url.host!, "-p", String(url.port ?? 5432), "-U", url.user!, "-d",
                String(url.path.dropFirst()), "-c", "BEGIN", "-c", "LOCK TABLE impact_revisions IN EXCLUSIVE MODE",
                "-c",
                "SELECT 'locked'", "-c", "SELECT pg_sleep(8)", "-c", "COMMIT",
            ]
        }
        let ready = Pipe()
        holder.standardOutput = ready
        try holder.run()
        // Wait until the lock is held.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") {
            let chunk = ready.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        let waited = try ImpactProcess.run(
            "/usr/bin/env",
            ["IMPACT_STORE_WAIT=1", ImpactProcess.executable, "ingest", ImpactProcess.northwind, "--store", store])
        holder.waitUntilExit()
        #expect(waited.status == 2)
        #expect(waited.stderr.contains("is busy") && waited.stderr.contains("please retry"), "\(waited.stderr)")
        #expect(try Self.revisions(store) == 1)
    }
}
