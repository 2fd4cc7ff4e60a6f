import Foundation
import Testing

/// A write that fails part-way — a file-size limit (`ulimit -f`) stands in for a full disk, as a test
/// cannot fill one — is reported with the file and the system's reason, exits 2, and leaves no
/// half-written file: what the folder held before is all it holds.
@Suite struct FailedWriteTests {
    let pinned = ["--generated-at", "2026-10-05T09:00:00Z"]

    /// `impact` with `arguments` under a file-size limit of `kilobytes` (bash's `ulimit -f` counts KiB).
    static func impactLimited(_ kilobytes: Int, _ arguments: [String]) throws -> ImpactProcess.Outcome {
        try ImpactProcess.run(
            "/bin/bash", ["-c", "ulimit -f \(kilobytes) && exec \"$0\" \"$@\"", ImpactProcess.executable] + arguments)
    }

    /// The files and folders under `folder`, hidden ones included, as paths relative to it.
    static func tree(_ folder: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: folder).sorted()
    }

    @Test func aReportCutShortKeepsTheEarlierReport() throws {
        let out = try ImpactProcess.temporaryFolder()
        try "keep me".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        try "the earlier report".write(toFile: out + "/report.md", atomically: true, encoding: .utf8)
        // 10 KiB: smaller than each of the three files.
        let result = try Self.impactLimited(
            10, ["report", ImpactProcess.northwind, "--org", "fjordbyte", "--out", out] + pinned)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("error: cannot write '\(out)/report.md': File too large"), "\(result.stderr)")
        #expect(try Self.tree(out) == ["notes.txt", "report.md"])
        #expect(try String(contentsOfFile: out + "/report.md", encoding: .utf8) == "the earlier report")
        #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "keep me")
        // Without the limit the same command writes all three.
        let again = try ImpactProcess.impact(
            ["report", ImpactProcess.northwind, "--org", "fjordbyte", "--out", out] + pinned)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.tree(out) == ["notes.txt", "report.html", "report.md", "results.json"])
    }

    /// results.json is written as it is made, 64 kB at a time: cut short after 1.4 MB (the example
    /// portfolio's is 1.9 MB), the run fails the same way and the earlier file is kept.
    @Test func aResultsFileCutShortWhileStreamedKeepsTheEarlierOne() throws {
        let out = try ImpactProcess.temporaryFolder()
        try "the earlier results".write(toFile: out + "/results.json", atomically: true, encoding: .utf8)
        let arguments = ["report", ImpactProcess.northwind, "--format", "json", "--out", out] + pinned
        let result = try Self.impactLimited(1_400, arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.contains("error: cannot write '\(out)/results.json': File too large"), "\(result.stderr)")
        #expect(try Self.tree(out) == ["results.json"])
        #expect(try String(contentsOfFile: out + "/results.json", encoding: .utf8) == "the earlier results")
        let again = try ImpactProcess.impact(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        let written = try FileManager.default.attributesOfItem(atPath: out + "/results.json")[.size] as? Int ?? 0
        #expect(written > 1_400 * 1024)
    }

    @Test func aBatchCutShortLeavesNoPartialMemberFolder() throws {
        let out = try ImpactProcess.temporaryFolder()
        let result = try Self.impactLimited(
            10, ["report", ImpactProcess.northwind, "--each-org", "--out", out] + pinned)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(": File too large"), "\(result.stderr)")
        #expect(result.stderr.contains("error: cannot write '\(out)/members/"), "\(result.stderr)")
        // Every member folder there is whole; nothing hidden is left; no portfolio report was written.
        let entries = try Self.tree(out)
        #expect(!entries.contains { ($0 as NSString).lastPathComponent.hasPrefix(".") }, "\(entries)")
        #expect(!entries.contains("results.json"))
        for member in try FileManager.default.contentsOfDirectory(atPath: out + "/members") {
            #expect(
                try Self.tree(out + "/members/" + member) == ["report.html", "report.md", "results.json"], "\(member)")
        }
    }

    @Test func aGeneratedWorkspaceCutShortLeavesNoTable() throws {
        let root = try ImpactProcess.temporaryFolder()
        try "keep me".write(toFile: root + "/notes.txt", atomically: true, encoding: .utf8)
        // 200 KiB: the engagements file of 20,000 rows is larger, the others are not.
        let arguments = ["generate", root, "--orgs", "20", "--partners", "50", "--engagements", "20000", "--seed", "4"]
        let result = try Self.impactLimited(200, arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.contains("error: cannot write '\(root)/engagements.csv': File too large"), "\(result.stderr)")
        #expect(try Self.tree(root) == ["notes.txt"])
        let again = try ImpactProcess.impact(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            try Self.tree(root) == [
                "engagements.csv", "financials.csv", "fx_rates.csv", "impact.yml", "launches.csv", "notes.txt",
                "organizations.csv", "partners.csv", "targets.csv",
            ])
    }

    @Test func aWorkspaceCreatedHalfWayIsRemoved() throws {
        let root = try ImpactProcess.temporaryFolder()
        try "keep me".write(toFile: root + "/notes.txt", atomically: true, encoding: .utf8)
        // 3 KiB: impact.yml (1.6 KB) and the empty tables are written, the workbook (3.3 KB) is not.
        let result = try Self.impactLimited(3, ["init", root + "/ws"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("error: cannot write '\(root)/ws/templates/workbook.xlsx'"), "\(result.stderr)")
        #expect(try Self.tree(root) == ["notes.txt"])
        // In a folder that was there before, the folder stays and only what init made goes.
        try FileManager.default.createDirectory(atPath: root + "/ws", withIntermediateDirectories: false)
        #expect(try Self.impactLimited(3, ["init", root + "/ws"]).status == 2)
        #expect(try Self.tree(root) == ["notes.txt", "ws"])
        let again = try ImpactProcess.impact(["init", root + "/ws"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.tree(root + "/ws").contains("templates/workbook.xlsx"))
    }

    /// An output folder that cannot be made says why.
    @Test func anOutputFolderInTheWayOfAFileSaysSo() throws {
        let root = try ImpactProcess.temporaryFolder()
        try "x".write(toFile: root + "/out", atomically: true, encoding: .utf8)
        let result = try ImpactProcess.impact([
            "report", ImpactProcess.northwind, "--org", "fjordbyte", "--out", root + "/out",
        ])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("error: cannot create the output folder '\(root)/out': a file has that name"),
            "\(result.stderr)")
        let below = try ImpactProcess.impact([
            "report", ImpactProcess.northwind, "--org", "fjordbyte", "--out", root + "/out/report",
        ])
        #expect(below.status == 2)
        #expect(
            below.stderr.contains("error: cannot create the output folder '\(root)/out/report': "), "\(below.stderr)")
        #expect(try String(contentsOfFile: root + "/out", encoding: .utf8) == "x")
    }
}
