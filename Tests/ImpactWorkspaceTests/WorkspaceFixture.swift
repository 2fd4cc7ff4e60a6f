import BuiltinMetrics
import Foundation
import ImpactCore
import ImpactSources
import ImpactWorkspace
import ZIPFoundation

/// A workspace written to a temporary folder from files given as bytes, opened and loaded like the CLI.
struct WorkspaceFixture {
    var files: [String: [UInt8]] = [:]

    static let organizations = "org_id,name,sector\nacme,Acme,C\nbolt,Bolt,J\n"
    static let financials = "org_id,period,revenue\nacme,2026-Q1,100\nbolt,2026-Q1,50\n"

    mutating func text(_ path: String, _ text: String) { files[path] = Array(text.utf8) }

    struct Loaded {
        let dataset: Dataset?
        let errors: [String]
        let warnings: [String]
        let inputs: [InputFile]
    }

    func load() throws -> Loaded {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ws-\(UUID().uuidString)").path
        for (name, bytes) in files {
            let path = root + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workspace = try Workspace.open(root)
        let loaded = workspace.load(
            calendar: .calendarYear, currency: workspace.configuration.currency ?? .euro,
            knownMetrics: Set(BuiltinPlugins.registry().ids))
        return Loaded(
            dataset: loaded.dataset, errors: loaded.log.errors.map(\.description),
            warnings: loaded.log.warnings.map(\.description), inputs: loaded.inputs)
    }

    /// An XLSX workbook with the given sheets (name → sheetData XML), shared strings and the 1904 flag.
    static func workbook(sheets: [(String, String)], shared: [String] = [], date1904: Bool = false) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wb-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: path) }
        let archive = try Archive(url: path, accessMode: .create)
        func add(_ name: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        try add(
            "xl/workbook.xml",
            "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><workbookPr date1904=\"\(date1904 ? 1 : 0)\"/><sheets>"
                + sheets.enumerated().map { "<sheet name=\"\($1.0)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }
                .joined()
                + "</sheets></workbook>")
        try add(
            "xl/_rels/workbook.xml.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }
                .joined()
                + "</Relationships>")
        try add(
            "xl/styles.xml",
            "<styleSheet xmlns=\"\(main)\"><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
                + "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"4\"/></cellXfs></styleSheet>"
        )
        try add(
            "xl/sharedStrings.xml",
            "<sst xmlns=\"\(main)\">" + shared.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>")
        for (index, sheet) in sheets.enumerated() {
            try add(
                "xl/worksheets/sheet\(index + 1).xml",
                "<worksheet xmlns=\"\(main)\"><sheetData>\(sheet.1)</sheetData></worksheet>")
        }
        return [UInt8](try Data(contentsOf: path))
    }
}
