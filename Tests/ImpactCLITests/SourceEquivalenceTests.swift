import Foundation
import Testing

/// The example workspace as CSV files, as one XLSX workbook and as one SQLite file: the same results,
/// except for `inputs` and where warnings were found (RESULTS.md).
@Suite(.serialized) struct SourceEquivalenceTests {
    static func results(_ workspace: String, _ extra: [String] = []) throws -> [String: Any] {
        let out = try ImpactProcess.temporaryFolder()
        let result = try ImpactProcess.impact(
            ["report", workspace, "--format", "json", "--out", out, "--generated-at", "2026-10-05T09:00:00Z"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
                as? [String: Any])
        json["inputs"] = nil
        json["warnings"] = (json["warnings"] as? [[String: Any]])?.map { warning in
            var copy = warning
            copy["source"] = nil
            copy["row"] = nil
            return copy
        }
        return json
    }

    @Test(arguments: [[], ["--org", "kelpwise"]])
    func workbookAndDatabaseGiveTheSameResultsAsCSV(extra: [String]) throws {
        let examples = ImpactProcess.repository.appendingPathComponent("Reports/examples").path
        let csv = try Self.results(examples + "/northwind", extra)
        for kind in ["xlsx", "sqlite"] {
            let other = try Self.results(examples + "/northwind-" + kind, extra)
            #expect(NSDictionary(dictionary: csv).isEqual(to: other), "\(kind) differs")
        }
        #expect((csv["observations"] as? [Any])?.isEmpty == false)
    }

    /// Each table saved as UTF-16 (little- and big-endian, with the byte-order mark spreadsheet programs
    /// write) gives the same results as the UTF-8 files, whatever encoding the source names.
    @Test(arguments: [true, false])
    func utf16FilesReadAsTheirUTF8Text(littleEndian: Bool) throws {
        let root = try ImpactProcess.temporaryFolder()
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind, toPath: root + "/ws")
        let data = root + "/ws/data"
        for file in try FileManager.default.contentsOfDirectory(atPath: data) where file.hasSuffix(".csv") {
            let text = try String(contentsOfFile: data + "/" + file, encoding: .utf8)
            let units = text.utf16.flatMap {
                littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)]
            }
            try Data((littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) + units).write(
                to: URL(fileURLWithPath: data + "/" + file))
        }
        let configuration = try String(contentsOfFile: root + "/ws/impact.yml", encoding: .utf8)
        #expect(configuration.contains("folder: data"))
        let utf16 = try Self.results(root + "/ws", ["--org", "kelpwise"])
        let utf8 = try Self.results(ImpactProcess.northwind, ["--org", "kelpwise"])
        #expect(NSDictionary(dictionary: utf8).isEqual(to: utf16))
        #expect((utf8["observations"] as? [Any])?.isEmpty == false)
    }

    @Test func theWorkbookAndDatabaseAreUpToDateWithTheCSVFiles() throws {
        // Regenerate both into a copy and compare with the committed files' contents.
        let root = try ImpactProcess.temporaryFolder()
        try FileManager.default.createDirectory(atPath: root + "/Reports/examples", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ImpactProcess.northwind, toPath: root + "/Reports/examples/northwind")
        let script = ImpactProcess.repository.appendingPathComponent("Tests/tools/make_example_sources.py").path
        let made = try ImpactProcess.run("/usr/bin/env", ["python3", script], in: root)
        #expect(made.status == 0, "\(made.stderr)")
        let committed = try Data(contentsOf: URL(fileURLWithPath: ImpactProcess.northwind + "/northwind.xlsx"))
        let fresh = try Data(contentsOf: URL(fileURLWithPath: root + "/Reports/examples/northwind/northwind.xlsx"))
        #expect(committed == fresh, "run Tests/tools/make_example_sources.py after changing the CSV files")
    }
}
