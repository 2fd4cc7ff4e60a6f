import Foundation
import ImpactReport
import ImpactTemplates
import Mustache

/// Renders a report to Markdown and to one self-contained HTML file through Mustache templates that see
/// the report model. The default templates live in `Reports/templates/`; a workspace may bring its own.
public struct ReportRenderer: Sendable {
    let htmlTemplate: MustacheTemplate
    let markdownTemplate: MustacheTemplate
    let css: String

    /// The default templates, or a workspace's own (`report.html.mustache`, `report.md.mustache` and
    /// `report.css` in `directory`, each optional).
    public init(templateDirectory directory: String? = nil) throws(RenderError) {
        if let directory {
            // A folder that is not there is a mistake, not a wish for the defaults.
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
                throw .missingTemplateDirectory(directory)
            }
        }
        func text(_ name: String) throws(RenderError) -> String {
            if let directory {
                let path = directory + "/" + name
                if FileManager.default.fileExists(atPath: path) {
                    guard let data = FileManager.default.contents(atPath: path),
                        let text = String(validating: [UInt8](data), as: UTF8.self)
                    else { throw .unreadableTemplate(path) }
                    return text
                }
            }
            guard let text = DefaultTemplates.text(named: name) else { throw .missingDefaultTemplate(name) }
            return text
        }
        func template(_ name: String) throws(RenderError) -> MustacheTemplate {
            let source = try text(name)
            do {
                return try MustacheTemplate(string: source)
            } catch {
                throw .invalidTemplate(name, "\(error)")
            }
        }
        htmlTemplate = try template("report.html.mustache")
        markdownTemplate = try template("report.md.mustache")
        css = try text("report.css")
    }

    /// The report as one HTML file: inline CSS and SVG, the logo embedded, no script and no external
    /// reference.
    public func html(_ report: Report) -> String {
        let blocks = HTMLBlockRenderer()
        return htmlTemplate.render(context(report, fragment: { blocks.render($0.blocks) }))
    }

    /// Renders both templates once with `warmUpSample` and throws the text away. Mustache casts every
    /// value it meets to its protocols, and the Swift runtime answers the first cast of each type to each
    /// protocol by scanning every conformance record of the program (about 9,000 here): some 8 M
    /// instructions, which the first report rendered would otherwise pay on its own threads, the
    /// Markdown's and the HTML's each, at the end of the run. Called ahead, on a thread that is otherwise
    /// idle while the data is read: an SMB report 0.91 ms faster (600 paired runs).
    public func warmUp() {
        _ = markdown(Self.warmUpSample)
        _ = html(Self.warmUpSample)
    }

    /// A report with one of everything the templates are shown (a section with a page break, a source, a
    /// footnote, a logo), so that every part of a template is rendered.
    static let warmUpSample = Report(
        title: "r",
        cover: Report.Cover(organization: "o", quarter: "q", period: "p", generated: "g", sources: ["s"]),
        sections: [ReportSection(id: "s", title: "s", blocks: [], pageBreakBefore: true)], footnotes: ["f"],
        branding: Branding(logoDataURI: "data:,"))

    /// The report as GitHub-flavoured Markdown.
    public func markdown(_ report: Report) -> String {
        let blocks = MarkdownBlockRenderer()
        let text = markdownTemplate.render(context(report, fragment: { blocks.render($0.blocks) }, markdown: true))
        return text.trimmingTrailingNewlines + "\n"
    }

    /// What templates see. Strings are plain text (Mustache's `{{…}}` escapes them for HTML); `body` is
    /// the rendered fragment of a section (use `{{{body}}}`). In the Markdown template, `md` holds each
    /// string already escaped for Markdown.
    func context(_ report: Report, fragment: (ReportSection) -> String, markdown: Bool = false) -> [String: Any] {
        func plain(_ text: String) -> String { markdown ? Escaping.markdown(text) : text }
        var context: [String: Any] = [
            "title": plain(report.title),
            "language": report.language,
            "css": css,
            "accent": report.branding.accent,
            "cover": [
                "organization": plain(report.cover.organization),
                "quarter": plain(report.cover.quarter),
                "period": plain(report.cover.period),
                "generated": plain(report.cover.generated),
                "sources": report.cover.sources.map(plain),
            ] as [String: Any],
            "sections": report.sections.map { section in
                [
                    "id": section.id,
                    "title": plain(section.title),
                    "pageBreak": section.pageBreakBefore,
                    "body": fragment(section),
                ] as [String: Any]
            },
            "footnotes": report.footnotes.map(plain),
            "hasFootnotes": !report.footnotes.isEmpty,
        ]
        // Only present when there is one: Mustache treats an absent key, not a nil, as false.
        if let logo = report.branding.logoDataURI { context["logo"] = logo }
        return context
    }
}

/// A template could not be used.
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingDefaultTemplate(String)
    case missingTemplateDirectory(String)
    case unreadableTemplate(String)
    case invalidTemplate(String, String)

    public var description: String {
        switch self {
        case .missingDefaultTemplate(let name): return "the default template '\(name)' is missing from this build"
        case .missingTemplateDirectory(let path):
            return "the templates folder '\(path)' (report.templates in impact.yml) is not a folder"
        case .unreadableTemplate(let path): return "template '\(path)' cannot be read as UTF-8 text"
        case .invalidTemplate(let name, let problem): return "template '\(name)' is not valid Mustache: \(problem)"
        }
    }
}
