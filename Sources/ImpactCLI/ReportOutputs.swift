import Foundation
import ImpactCore
import ImpactRender
import ImpactReport
import ImpactResults
import ImpactSources
import ImpactWorkspace

/// Turns one run's results into the bytes of each requested file.
struct ReportOutputs {
    let workspace: Workspace
    let dataset: Dataset
    let document: ResultsDocument
    /// The organisation whose report md, html and pdf show.
    let organization: Identifier?
    let locale: String
    let k: Int

    func files(_ formats: [String]) throws -> [(name: String, contents: Data)] {
        var files: [(name: String, contents: Data)] = []
        var html: String?
        var markdown: String?
        if formats.contains(where: { $0 != "json" }), let organization {
            let report = try buildReport(for: organization)
            let renderer: ReportRenderer
            do {
                renderer = try ReportRenderer(templateDirectory: workspace.configuration.report.templates.map(path))
            } catch {
                throw CLIError.failure("\(error)")
            }
            html = renderer.html(report)
            markdown = renderer.markdown(report)
        }
        for format in formats {
            switch format {
            case "json": files.append(("results.json", Data(document.text.utf8)))
            case "md": files.append(("report.md", Data((markdown ?? "").utf8)))
            case "html": files.append(("report.html", Data((html ?? "").utf8)))
            case "pdf": files.append(("report.pdf", try PDFPrinter().pdf(fromHTML: html ?? "")))
            default: break
            }
        }
        return files
    }

    func path(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : workspace.root + "/" + relative
    }

    func buildReport(for organization: Identifier) throws -> Report {
        let configuration = workspace.configuration.report
        var branding = Branding()
        if let accent = configuration.accent { branding.accent = accent }
        if let logo = configuration.logo { branding.logoDataURI = try Self.dataURI(path(logo), shown: logo) }
        let settings = ReportSettings(
            locale: locale, k: k, branding: branding, narrative: try narrative(for: organization),
            title: configuration.title)
        guard
            let builder = SMBReportBuilder(
                document: document, dataset: dataset, organization: organization, settings: settings)
        else { throw CLIError.failure("organisation '\(organization)' is not in the organizations table") }
        return builder.build()
    }

    /// `narrative/<org>/<quarter>.md`, else `narrative/<quarter>.md`, if present.
    func narrative(for organization: Identifier) throws -> String? {
        let quarter = document.quarter.description
        for relative in ["narrative/\(MemberFolder.name(for: organization))/\(quarter).md", "narrative/\(quarter).md"] {
            let file = path(relative)
            guard FileManager.default.fileExists(atPath: file) else { continue }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.failure("\(relative) cannot be read")
            }
            guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
                throw CLIError(messages: ["error: \(relative): is not valid UTF-8 text"], status: 1)
            }
            return text
        }
        return nil
    }

    static let logoTypes = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "svg": "image/svg+xml",
    ]

    /// The logo as a `data:` URI (at most 512 KiB), so that the HTML stays self-contained.
    static func dataURI(_ file: String, shown: String) throws -> String {
        let ext = (file as NSString).pathExtension.lowercased()
        guard let type = logoTypes[ext] else {
            throw CLIError.failure("logo '\(shown)' must be a PNG, JPEG, GIF, WebP or SVG file")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError.failure("logo '\(shown)' cannot be read")
        }
        guard data.count <= 512 * 1024 else { throw CLIError.failure("logo '\(shown)' is larger than 512 KiB") }
        return "data:\(type);base64,\(data.base64EncodedString())"
    }
}

/// The folder name of an organisation: its id with every byte outside `A–Z a–z 0–9 . _ -` (and a
/// leading `.`) percent-encoded; a name over 200 bytes is cut to 180 and followed by `-` and the first 16
/// hex digits of the id's SHA-256.
enum MemberFolder {
    static func name(for id: Identifier) -> String {
        var out = ""
        for (index, byte) in id.rawValue.utf8.enumerated() {
            let safe =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F || byte == 0x2D || (byte == 0x2E && index > 0)
            if safe {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        guard out.utf8.count > 200 else { return out }
        return String(decoding: out.utf8.prefix(180), as: UTF8.self) + "-"
            + SHA256Hex.digest(Array(id.rawValue.utf8)).prefix(16)
    }
}
