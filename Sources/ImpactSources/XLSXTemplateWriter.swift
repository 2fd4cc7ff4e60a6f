import Foundation
import ZIPFoundation

/// An XLSX workbook with one sheet per canonical table and its header row, for `impact init`: a blank
/// page to fill in with a spreadsheet program.
public enum XLSXTemplateWriter {
    public static func write(to url: URL) throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let package = "http://schemas.openxmlformats.org/package/2006/relationships"
        let tables = CanonicalTable.allCases
        var parts: [(String, String)] = []
        parts.append(
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + tables.indices.map {
                        "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    }.joined() + "</Types>"
            ))
        parts.append(
            (
                "_rels/.rels",
                "<Relationships xmlns=\"\(package)\"><Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ))
        parts.append(
            (
                "xl/workbook.xml",
                "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets>"
                    + tables.enumerated().map {
                        "<sheet name=\"\($1.rawValue)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
                    }.joined()
                    + "</sheets></workbook>"
            ))
        parts.append(
            (
                "xl/_rels/workbook.xml.rels",
                "<Relationships xmlns=\"\(package)\">"
                    + tables.indices.map {
                        "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
                    }.joined() + "</Relationships>"
            ))
        for (index, table) in tables.enumerated() {
            let cells = table.columns.map { "<c t=\"inlineStr\"><is><t>\($0.name)</t></is></c>" }.joined()
            parts.append(
                (
                    "xl/worksheets/sheet\(index + 1).xml",
                    "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\">\(cells)</row></sheetData></worksheet>"
                ))
        }
        // Built in memory and written in one checked write: an archive on a file writes through a C
        // stream whose failures (a full disk) are lost when it closes, which left a truncated workbook
        // and a success.
        let archive = try Archive(accessMode: .create)
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let bytes = archive.data else { throw CocoaError(.fileWriteUnknown) }
        try bytes.write(to: url, options: .atomic)
    }
}
