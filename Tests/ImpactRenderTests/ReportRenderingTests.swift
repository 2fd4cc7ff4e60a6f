import BuiltinMetrics
import Foundation
import ImpactCore
import ImpactReport
import ImpactResults
import Testing

@testable import ImpactRender

/// A small workspace whose names are full of markup, rendered end to end through the report model.
struct HostileWorkspace {
    static let orgName = "<script>alert('o')</script> *Acme* | _Ltd_ [x](javascript:alert(1)) `tick` & \"co\""
    static let partnerName = "<img src=x onerror=alert(2)> **Uni** | # [p](http://evil.example)"

    static func report(locale: String = "en-US", narrative: String? = nil) throws -> Report {
        let registry = try MetricRegistry(plugins: BuiltinPlugins.all + [DemoPlugin.plugin])
        let dataset = try DatasetBuilder()
            .organization("acme", name: orgName, sector: "C")
            .financials(
                "acme", "2026-Q1", revenue: "1234567.5", operatingCosts: 900, ecosystemRevenue: 10, costSavings: 100
            )
            .financials(
                "acme", "2026-Q2", revenue: "1300000", operatingCosts: 800, ecosystemRevenue: 20, costSavings: 200
            )
            .partner("p<1>", .research, name: partnerName, sector: "M")
            .engagement("acme", "p<1>", .jointProject, started: "2026-04-02", value: 5_000)
            .target("acme", "revenue.total", "2026-Q2", 1_000_000)
            .build()
        let results = try MetricEngine(registry: registry).run(on: dataset, quarters: ["2026-Q1", "2026-Q2"])
        let document = ResultsDocument(
            workspace: "Demo <b>", quarter: "2026-Q2", results: results, calendar: .calendarYear, currency: .euro,
            generatedAt: "2026-07-05T09:00:00Z", generator: .init(name: "impact", version: "0.1.0"),
            inputs: [InputFile(source: "data/<x>.csv", table: "organizations", rows: 1, sha256: "00")],
            warnings: [Diagnostic(.warning, source: "data/<x>.csv", row: 2, message: "odd <b>value</b>")])
        let settings = ReportSettings(locale: locale, narrative: narrative)
        return try #require(
            SMBReportBuilder(document: document, dataset: dataset, organization: "acme", settings: settings)
        ).build()
    }
}

enum DemoPlugin {
    struct Revenue: Metric {
        let descriptor = MetricDescriptor(
            id: "demo.revenue", title: "Revenue <i>", summary: "Revenue & such.", unit: .money,
            direction: .higherIsBetter,
            additive: true)
        func value(in context: MetricContext) -> MetricValue {
            context.financials()?.revenue.map { .money($0) } ?? .null(.noData)
        }
    }
    static let plugin = MetricPlugin(name: "demo", metrics: [Revenue()])
}

@Suite struct ReportRenderingTests {
    @Test func namesFullOfMarkupStayPlainTextInHTML() throws {
        let html = try ReportRenderer().html(HostileWorkspace.report())
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<i>"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("href=\"http"))
        #expect(!html.contains("javascript:alert") || html.contains("[x](javascript:alert(1))"))
        #expect(html.contains("&lt;script&gt;alert(&#39;o&#39;)&lt;/script&gt; *Acme* | _Ltd_"))
    }

    @Test func namesFullOfMarkupStayPlainTextInMarkdown() throws {
        let markdown = try ReportRenderer().markdown(HostileWorkspace.report())
        // Rendered by CommonMark, no markup from a name survives: no emphasis, links, code or HTML.
        let html = CommonMarkProbe.html(markdown)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<em>Acme"))
        #expect(!html.contains("<strong>Uni"))
        #expect(!html.contains("<a href"))
        #expect(!html.contains("<code>tick"))
        // Every table row keeps its number of cells: the names' pipes are escaped.
        for line in markdown.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").split(
                separator: "|", omittingEmptySubsequences: false)
            #expect(cells.count >= 3)
        }
        #expect(markdown.contains("&lt;script&gt;alert('o')&lt;/script&gt; \\*Acme\\* \\| \\_Ltd\\_"))
    }

    @Test func theNarrativeIsRenderedInSafeMode() throws {
        let narrative = "We **grew**.\n\n<script>alert(3)</script>\n\n[click](javascript:alert(4))"
        let html = try ReportRenderer().html(HostileWorkspace.report(narrative: narrative))
        #expect(html.contains("<p>We <strong>grew</strong>.</p>"))
        #expect(!html.contains("alert(3)"))
        #expect(!html.contains("javascript:alert(4)"))
    }

    @Test func theHTMLIsSelfContainedAndAccessible() throws {
        let html = try ReportRenderer().html(HostileWorkspace.report())
        #expect(html.components(separatedBy: "<h1").count == 2)
        #expect(!html.contains("<script"))
        for forbidden in ["src=\"http", "href=\"http", "url(", "@import", "<link", "<iframe", "<object"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        // Headings never skip a level.
        let levels = html.matches(of: /<h([1-6])/).map { Int($0.1)! }
        for (previous, next) in zip(levels, levels.dropFirst()) { #expect(next <= previous + 1) }
        // Tables have captions and header scopes; charts have a title and a description.
        #expect(html.components(separatedBy: "<table").count == html.components(separatedBy: "<caption>").count)
        #expect(!html.contains("<th>"))
        let charts = html.components(separatedBy: "<svg").count - 1
        #expect(charts > 0)
        #expect(html.components(separatedBy: "<title id=").count - 1 == charts)
        #expect(html.components(separatedBy: "<desc id=").count - 1 == charts)
    }

    @Test func renderingIsDeterministic() throws {
        let renderer = try ReportRenderer()
        #expect(renderer.html(try HostileWorkspace.report()) == renderer.html(try HostileWorkspace.report()))
        #expect(renderer.markdown(try HostileWorkspace.report()) == renderer.markdown(try HostileWorkspace.report()))
    }

    @Test(arguments: [
        ("en-US", "€1,300,000.00", "+5.3%"), ("de-DE", "1.300.000,00\u{a0}€", "+5,3\u{a0}%"),
        ("fr-FR", "1\u{202f}300\u{202f}000,00\u{a0}€", "+5,3\u{a0}%"),
    ])
    func numbersFollowTheLocale(locale: String, revenue: String, change: String) throws {
        let report = try HostileWorkspace.report(locale: locale)
        guard
            case .kpis(let cards) = report.sections[0].blocks.first(where: {
                if case .kpis = $0 { true } else { false }
            })
        else {
            Issue.record("no KPI cards")
            return
        }
        let card = try #require(cards.first { $0.label == "Revenue" })
        #expect(card.value == revenue)
        #expect(card.change?.hasPrefix(change) == true, "\(card.change ?? "")")
    }

    @Test func aWorkspaceTemplateReplacesTheLayout() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "<html><body><h1>{{title}}</h1>{{#sections}}<h2>{{title}}</h2>{{{body}}}{{/sections}}</body></html>"
            .write(toFile: folder + "/report.html.mustache", atomically: true, encoding: .utf8)
        let html = try ReportRenderer(templateDirectory: folder).html(HostileWorkspace.report())
        #expect(html.hasPrefix("<html><body><h1>&lt;script&gt;"))
        #expect(throws: RenderError.self) {
            try "{{#broken}}".write(toFile: folder + "/report.md.mustache", atomically: true, encoding: .utf8)
            _ = try ReportRenderer(templateDirectory: folder)
        }
    }
}

/// Plain cmark through the renderer module, to read back Markdown output.
enum CommonMarkProbe {
    static func html(_ markdown: String) -> String {
        ImpactRenderProbe.commonMark(markdown)
    }
}

/// `ReportRenderer.warmUp` renders the templates with a sample report ahead of the real one: it only
/// saves time if the sample reaches every part of a template with values of the types a real report has.
@Suite struct RendererWarmUpTests {
    /// A context value's shape: a dictionary's keys with their shapes, an array's first element's, or the
    /// value's type.
    static func shape(_ value: Any) -> String {
        switch value {
        case let members as [String: Any]:
            return "{" + members.keys.sorted().map { "\($0): \(shape(members[$0]!))" }.joined(separator: ", ") + "}"
        case let elements as [Any]:
            return "[" + (elements.first.map(shape) ?? "empty") + "]"
        default: return "\(type(of: value))"
        }
    }

    @Test func theSampleHasOneOfEverythingARealReportHas() throws {
        let renderer = try ReportRenderer()
        var real = try HostileWorkspace.report()
        real.branding.logoDataURI = "data:image/png;base64,AAAA"
        real.footnotes = real.footnotes.isEmpty ? ["a note"] : real.footnotes
        for markdown in [false, true] {
            let sample = renderer.context(ReportRenderer.warmUpSample, fragment: { _ in "" }, markdown: markdown)
            let wanted = renderer.context(real, fragment: { _ in "body" }, markdown: markdown)
            #expect(Self.shape(sample) == Self.shape(wanted))
            #expect(!Self.shape(sample).contains("empty"))
            #expect(sample["hasFootnotes"] as? Bool == true)
            let sections = try #require(sample["sections"] as? [[String: Any]])
            #expect(sections.allSatisfy { $0["pageBreak"] as? Bool == true })
        }
    }

    @Test func warmingUpChangesNoOutput() throws {
        let report = try HostileWorkspace.report()
        let cold = try ReportRenderer()
        let (html, markdown) = (cold.html(report), cold.markdown(report))
        let warm = try ReportRenderer()
        warm.warmUp()
        #expect(warm.html(report) == html)
        #expect(warm.markdown(report) == markdown)
    }
}
