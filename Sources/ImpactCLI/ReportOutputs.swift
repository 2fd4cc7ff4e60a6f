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

    /// What a report needs of its workspace alone — its templates parsed and rendered once
    /// (`ReportRenderer.warmUp`), the formatters of its locale and currency made — prepared on a thread of
    /// its own from the moment the workspace is opened, while the data is read and the metrics computed (on
    /// one core, for a small workspace): the example workspace's SMB report took 22.5 ms with them made on
    /// the way, 20.8 ms so (medians of 60, interleaved).
    struct Preparation: Sendable {
        let locale: String
        let renderer: Eventual<Result<ReportRenderer, RenderError>>

        /// `formatting`: whether a report is to be written (md, html or pdf), which formats values.
        init(workspace: Workspace, locale: String, currency: Currency, formatting: Bool) {
            self.locale = locale
            let directory = workspace.configuration.report.templates.map { ReportOutputs.path($0, in: workspace) }
            renderer = Eventual {
                if formatting { ValueFormatter(locale: locale, currency: currency).prepare() }
                let made = Result { () throws(RenderError) in try ReportRenderer(templateDirectory: directory) }
                if formatting, case .success(let renderer) = made { renderer.warmUp() }
                return made
            }
        }

        /// Waits until it is done.
        func finish() { _ = renderer.value }
    }

    init(
        workspace: Workspace, dataset: Dataset, preparation: Preparation, k: Int, network: NetworkSummary? = nil
    ) throws {
        self.workspace = workspace
        self.dataset = dataset
        self.network = network
        let configuration = workspace.configuration.report
        do {
            renderer = try preparation.renderer.value.get()
        } catch {
            throw CLIError.failure("\(error)")
        }
        var branding = Branding()
        if let accent = configuration.accent { branding.accent = accent }
        if let logo = configuration.logo {
            branding.logoDataURI = try Self.dataURI(Self.path(logo, in: workspace), shown: logo)
        }
        settings = ReportSettings(locale: preparation.locale, k: k, branding: branding, title: configuration.title)
    }

    /// The name of the file of `format` in the output folder.
    static func fileName(_ format: String) -> String {
        switch format {
        case "json": return "results.json"
        case "csv": return "observations.csv"
        default: return "report." + format
        }
    }

    /// Whether the file of `format` is made from the report (Markdown, HTML, PDF) rather than from the
    /// results alone.
    static func needsReport(_ format: String) -> Bool { ["md", "html", "pdf"].contains(format) }

    /// The files of one report, in the order of `formats`; `report` is nil when none of them needs it. The
    /// bytes of each are made when it is written (on another thread, `OutputWriter.start`); a PDF is
    /// printed from the HTML text, rendered once when both are asked for.
    func files(_ formats: [String], document: ResultsDocument, report: Report?) throws -> [OutputFile] {
        let renderer = self.renderer
        let html: [UInt8]? =
            formats.contains("pdf") ? Array((report.map(renderer.html) ?? "").utf8) : nil
        var files: [OutputFile] = []
        for format in formats {
            let name = Self.fileName(format)
            switch format {
            case "json": files.append(OutputFile(name: name, streamed: document.write(drain:)))
            case "csv":
                let names = Dictionary(uniqueKeysWithValues: dataset.organizations.map { ($0.id, $0.name) })
                files.append(OutputFile(name: name) { Array(ObservationsCSV.text(document, names: names).utf8) })
            case "md": files.append(OutputFile(name: name) { Array((report.map(renderer.markdown) ?? "").utf8) })
            case "html":
                files.append(
                    html.map { OutputFile(name: name, bytes: $0) }
                        ?? OutputFile(name: name) {
                            Array((report.map(renderer.html) ?? "").utf8)
                        })
            case "pdf":
                let text = String(decoding: html ?? [], as: UTF8.self)
                files.append(OutputFile(name: name, bytes: Array(try PDFPrinter().pdf(fromHTML: text))))
            default: break
            }
        }
        return files
    }

    /// Writes the files of `formats` into `directory`, all or nothing, and returns their names: those made
    /// from the results alone are started at once, so that they are written while `report` builds the
    /// report (when a format needs it).
    func write(
        _ formats: [String], document: ResultsDocument, to directory: String, report: () throws -> Report?
    ) throws -> [String] {
        let writer = try OutputWriter(directory: directory, names: formats.map(Self.fileName))
        defer { writer.abandon() }
        for file in try files(formats.filter { !Self.needsReport($0) }, document: document, report: nil) {
            writer.start(file)
        }
        let later = formats.filter(Self.needsReport)
        if !later.isEmpty {
            // The last on this thread, which would otherwise wait for the others.
            let made = try files(later, document: document, report: try report())
            for (index, file) in made.enumerated() { writer.start(file, here: index == made.count - 1) }
        }
        try writer.finish()
        return writer.names
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
