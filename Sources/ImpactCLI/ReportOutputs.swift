import Foundation
import ImpactCore
import ImpactRender
import ImpactReport
import ImpactResults
import ImpactSources
import ImpactWorkspace

/// Turns one run's results into the bytes of each requested file: builds the report model (a member's
/// or the portfolio's) and renders it.
struct ReportOutputs: Sendable {
    let workspace: Workspace
    let dataset: Dataset
    let renderer: ReportRenderer
    let settings: ReportSettings
    /// The members' engagements summarised where they are (inside a database); nil: from the dataset.
    let network: NetworkSummary?

    init(workspace: Workspace, dataset: Dataset, locale: String, k: Int, network: NetworkSummary? = nil) throws {
        self.workspace = workspace
        self.dataset = dataset
        self.network = network
        let configuration = workspace.configuration.report
        do {
            renderer = try ReportRenderer(
                templateDirectory: configuration.templates.map { Self.path($0, in: workspace) })
        } catch {
            throw CLIError.failure("\(error)")
        }
        var branding = Branding()
        if let accent = configuration.accent { branding.accent = accent }
        if let logo = configuration.logo {
            branding.logoDataURI = try Self.dataURI(Self.path(logo, in: workspace), shown: logo)
        }
        settings = ReportSettings(locale: locale, k: k, branding: branding, title: configuration.title)
    }

    /// The files of one report, in the order of `formats`; `report` is nil when only json is asked for.
    /// With `concurrently`, the formats are rendered on every core (one report: its Markdown, HTML and
    /// results.json are independent); a batch, already spread over the cores, renders each member's in turn.
    func files(_ formats: [String], document: ResultsDocument, report: Report?, concurrently: Bool = false) throws
        -> [OutputFile]
    {
        let rendered = formats.filter { $0 != "pdf" }
        let make = { @Sendable (format: String) -> OutputFile? in
            switch format {
            case "json": return OutputFile(name: "results.json", streamed: document.write(drain:))
            case "csv":
                let names = Dictionary(uniqueKeysWithValues: dataset.organizations.map { ($0.id, $0.name) })
                return OutputFile(
                    name: "observations.csv", bytes: Array(ObservationsCSV.text(document, names: names).utf8))
            case "md": return OutputFile(name: "report.md", bytes: Array((report.map(renderer.markdown) ?? "").utf8))
            case "html": return OutputFile(name: "report.html", bytes: Array((report.map(renderer.html) ?? "").utf8))
            default: return nil
            }
        }
        let made =
            concurrently && rendered.count > 1
            ? OrderedParallel.map(parts: rendered.count) { make(rendered[$0]) } : rendered.map(make)
        var files: [OutputFile] = []
        for format in formats {
            if format == "pdf" {
                // The HTML file's text when it was made too, rendered once.
                let html = rendered.firstIndex(of: "html").flatMap { made[$0]?.bytes }.map {
                    String(decoding: $0, as: UTF8.self)
                }
                let text = html ?? report.map(renderer.html) ?? ""
                files.append(OutputFile(name: "report.pdf", bytes: Array(try PDFPrinter().pdf(fromHTML: text))))
            } else if let file = made[rendered.firstIndex(of: format)!] {
                files.append(file)
            }
        }
        return files
    }

    /// One organisation's report from its (scoped) results.
    func memberReport(_ document: ResultsDocument, _ organization: Identifier) throws -> Report {
        var settings = self.settings
        let single = dataset.organizations.count == 1
        settings.narrative = try narrative(
            single
                ? ["narrative/\(document.quarter).md"]
                : ["narrative/\(MemberFolder.name(for: organization))/\(document.quarter).md"])
        guard
            let builder = SMBReportBuilder(
                document: document, dataset: dataset, organization: organization, settings: settings)
        else { throw CLIError.failure("organisation '\(organization)' is not in the organizations table") }
        return builder.build()
    }

    /// The portfolio report from the full results.
    func portfolioReport(_ document: ResultsDocument, portfolio: Portfolio, includeMembers: Bool) throws -> Report {
        var settings = self.settings
        settings.narrative = try narrative(["narrative/\(document.quarter).md"])
        return PortfolioReportBuilder(
            document: document, dataset: dataset, portfolio: portfolio, settings: settings,
            includeMembers: includeMembers, network: network
        ).build()
    }

    static func path(_ relative: String, in workspace: Workspace) -> String {
        relative.hasPrefix("/") ? relative : workspace.root + "/" + relative
    }

    /// The first of the narrative files that exists, as text.
    func narrative(_ candidates: [String]) throws -> String? {
        for relative in candidates {
            let file = Self.path(relative, in: workspace)
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
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "svg": "image/svg+xml",
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
