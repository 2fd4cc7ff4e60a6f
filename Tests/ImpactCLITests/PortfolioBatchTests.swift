import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The portfolio report, disclosure control in every format, and `--each-org` batches.
@Suite(.serialized) struct PortfolioBatchTests {
    let pinned = ["--generated-at", "2026-10-05T09:00:00Z"]

    @Test func eachSuppressionRuleShowsInEveryFormat() throws {
        let out = try ImpactProcess.temporaryFolder()
        let result = try ImpactProcess.impact(["report", ImpactProcess.northwind, "--out", out] + pinned)
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        let json = try String(contentsOfFile: out + "/results.json", encoding: .utf8)
        for (mark, footnote, rule) in [
            ("withheld ¹", "¹ Fewer than 5 members have a value (minimum frequency).", "min_frequency"),
            ("withheld ²", "² The two largest values make up more than 85 % of the total (dominance).", "dominance"),
            (
                "withheld ³",
                "³ Withheld so that another withheld group cannot be worked out from the total (secondary suppression).",
                "secondary"
            ),
        ] {
            #expect(markdown.contains(mark), "\(mark)")
            #expect(markdown.contains(footnote))
            #expect(html.contains(mark))
            #expect(html.contains(footnote))
            #expect(json.contains("\"suppressed\": \"\(rule)\""))
        }
        // A suppressed aggregate carries members, n and the rule, and no statistic.
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let aggregates = try #require(parsed["aggregates"] as? [[String: Any]])
        for aggregate in aggregates where aggregate["suppressed"] != nil {
            #expect(Set(aggregate.keys) == ["metric", "quarter", "group", "members", "n", "suppressed"])
        }
        let check = try Reference.compare(workspace: ImpactProcess.northwind, results: out + "/results.json")
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func thePortfolioReportNamesNoMemberUnlessAsked() throws {
        let out = try ImpactProcess.temporaryFolder()
        #expect(
            try ImpactProcess.impact(["report", ImpactProcess.northwind, "--out", out + "/plain"] + pinned).status == 0)
        #expect(
            try ImpactProcess.impact(
                ["report", ImpactProcess.northwind, "--out", out + "/members", "--include-members"] + pinned
            )
            .status == 0)
        let names = try Self.members(of: ImpactProcess.northwind + "/data/organizations.csv")
        for file in ["report.md", "report.html"] {
            let plain = try String(contentsOfFile: "\(out)/plain/\(file)", encoding: .utf8)
            let listed = try String(contentsOfFile: "\(out)/members/\(file)", encoding: .utf8)
            for (id, name) in names {
                #expect(!Self.mentions(plain, id) && !Self.mentions(plain, name), "\(file) names \(id)")
            }
            #expect(listed.contains("Fjordbyte Analytics"))
        }
    }

    @Test func eachOrgWritesEveryMemberAndNoMemberSeesAnother() throws {
        let root = try ImpactProcess.temporaryFolder()
        let generated = try ImpactProcess.impact([
            "generate", root + "/ws", "--orgs", "40", "--partners", "60", "--engagements", "2500", "--quarters", "10",
            "--seed", "31",
        ])
        #expect(generated.status == 0)
        // An id that needs percent-encoding as a folder name.
        var organizations = try String(contentsOfFile: root + "/ws/organizations.csv", encoding: .utf8)
        organizations = organizations.replacingOccurrences(of: "org-00007,", with: "org/00007 é,")
        try organizations.write(toFile: root + "/ws/organizations.csv", atomically: true, encoding: .utf8)
        for table in ["financials", "engagements", "launches", "targets"] {
            var text = try String(contentsOfFile: "\(root)/ws/\(table).csv", encoding: .utf8)
            text = text.replacingOccurrences(of: "org-00007,", with: "org/00007 é,")
            try text.write(toFile: "\(root)/ws/\(table).csv", atomically: true, encoding: .utf8)
        }
        let result = try ImpactProcess.impact(["report", root + "/ws", "--each-org", "--out", root + "/out"] + pinned)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("member reports 40/40"))
        #expect(
            result.stderr.contains(
                "wrote 40 member reports to \(root)/out/members and the portfolio report to \(root)/out"))
        let folders = try FileManager.default.contentsOfDirectory(atPath: root + "/out/members").sorted()
        #expect(folders.count == 40)
        #expect(folders.contains("org%2F00007%20%C3%A9"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root + "/out").sorted() == [
                "members", "report.html", "report.md", "results.json",
            ])

        let members = try Self.members(of: root + "/ws/organizations.csv")
        let portfolio = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/out/results.json")))
                as? [String: Any])
        let everyObservation = try #require(portfolio["observations"] as? [[String: Any]])
        for (id, _) in members {
            let folder = root + "/out/members/" + Self.folderName(id)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [
                    "report.html", "report.md", "results.json",
                ])
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/results.json")))
                    as? [String: Any])
            let observations = try #require(json["observations"] as? [[String: Any]])
            #expect(observations.allSatisfy { $0["org"] as? String == id })
            // All of its own, as the portfolio's results give them, in the same order.
            let own = everyObservation.filter { $0["org"] as? String == id }
            #expect(!own.isEmpty)
            #expect((observations as NSArray).isEqual(to: own))
            let aggregates = try #require(json["aggregates"] as? [[String: Any]])
            #expect(aggregates.allSatisfy { $0["suppressed"] == nil })
            for file in ["report.md", "report.html", "results.json"] {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                for (otherID, otherName) in members where otherID != id {
                    #expect(!Self.mentions(text, otherID), "\(id)/\(file) mentions \(otherID)")
                    #expect(!Self.mentions(text, otherName), "\(id)/\(file) names \(otherName)")
                }
            }
        }
        // A member's benchmarks agree with the independent reference.
        let check = try ImpactProcess.run(
            "/usr/bin/env",
            [
                "python3", ImpactProcess.repository.appendingPathComponent("Tests/reference/reference_metrics.py").path,
                root + "/ws", root + "/out/members/org-00003/results.json", "--org", "org-00003",
            ])
        #expect(check.status == 0, "\(check.stdout)")
    }

    /// A file named `members` where the member folders go is refused before anything is written; one
    /// organisation alone is "1 member report".
    @Test func aFileWhereTheMemberFoldersGoIsRefused() throws {
        let out = try ImpactProcess.temporaryFolder()
        try "mine".write(toFile: out + "/members", atomically: true, encoding: .utf8)
        let refused = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--each-org", "--out", out, "--format", "json"] + pinned)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: cannot create the folder '\(out)/members': a file has that name"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["members"])
        #expect(try String(contentsOfFile: out + "/members", encoding: .utf8) == "mine")

        let root = try ImpactProcess.temporaryFolder()
        try "org_id,name\nsolo,Solo\n".write(toFile: root + "/organizations.csv", atomically: true, encoding: .utf8)
        try "org_id,period,revenue\nsolo,2026-Q1,10\n".write(
            toFile: root + "/financials.csv", atomically: true, encoding: .utf8)
        let one = try ImpactProcess.impact(["report", root, "--each-org", "--out", root + "/out"] + pinned)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stderr.contains("wrote 1 member report to \(root)/out/members"), "\(one.stderr)")
    }

    @Test func anInterruptedBatchKeepsFinishedFoldersAndLeavesNoPartialOne() throws {
        let root = try ImpactProcess.temporaryFolder()
        #expect(
            try ImpactProcess.impact([
                "generate", root + "/ws", "--orgs", "400", "--partners", "200", "--engagements", "20000", "--quarters",
                "8",
                "--seed", "9",
            ]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ImpactProcess.executable)
        process.arguments = ["report", root + "/ws", "--each-org", "--out", root + "/out"] + pinned
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Interrupt once the first member folders exist.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let done =
                (try? FileManager.default.contentsOfDirectory(atPath: root + "/out/members"))?.filter {
                    !$0.hasPrefix(".")
                }.count ?? 0
            if done >= 5 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let entries = try FileManager.default.contentsOfDirectory(atPath: root + "/out/members")
        if process.terminationStatus == 130 {
            #expect(entries.count < 400)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/out") == ["members"])
        } else {
            #expect(process.terminationStatus == 0)  // it finished before the signal arrived
        }
        #expect(entries.allSatisfy { !$0.hasPrefix(".") }, "\(entries.filter { $0.hasPrefix(".") })")
        for entry in entries {
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: root + "/out/members/" + entry).sorted()
                    == ["report.html", "report.md", "results.json"])
        }
    }

    /// (id, name) of every organisation, read with a plain CSV split (the generated names have no commas).
    static func members(of file: String) throws -> [(String, String)] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return (String(fields[0]), String(fields[1]))
        }
    }

    /// Whether `text` mentions `word` as a whole word (so `Oak Foods 1` is not found in `Oak Foods 12`).
    static func mentions(_ text: String, _ word: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: word, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let isWordCharacter = { (c: Character?) in
                c.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } ?? false
            }
            if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    static func folderName(_ id: String) -> String {
        var out = ""
        for (index, byte) in id.utf8.enumerated() {
            let safe =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F || byte == 0x2D || (byte == 0x2E && index > 0)
            out += safe ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return out
    }
}
