import ImpactReport

/// Renders the blocks of the report model as GitHub-flavoured Markdown. Every string from the model is
/// escaped so that it reads as plain text, in paragraphs and in pipe-table cells alike; the user's own
/// Markdown prose is kept as written.
struct MarkdownBlockRenderer {
    func render(_ blocks: [ReportBlock]) -> String {
        blocks.map(render).filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    func render(_ block: ReportBlock) -> String {
        switch block {
        case .kpis(let cards):
            return table(
                ReportTable(
                    caption: "Headline figures",
                    columns: [
                        .init("Measure"), .init("Value", numeric: true), .init("Change", numeric: true),
                        .init("Target"),
                        .init("Note"),
                    ],
                    rows: cards.map { card in
                        let arrow = HTMLBlockRenderer.trend(card.trend).0
                        return [
                            card.label, card.value, card.change.map { "\(arrow) \($0)" } ?? "", card.target ?? "",
                            card.note ?? "",
                        ]
                    }))
        case .table(let table): return self.table(table)
        case .distribution(let chart): return table(chart.table)
        case .chart(let chart):
            // Markdown cannot hold the chart; its numbers are in the section's table or given here.
            return chart.table.map(table) ?? ""
        case .paragraph(let text): return Escaping.markdown(text)
        case .bullets(let items): return items.map { "- " + Escaping.markdown($0) }.joined(separator: "\n")
        case .markdown(let markdown): return markdown.trimmingTrailingNewlines
        case .callout(let kind, let text):
            return "> **\(HTMLBlockRenderer.calloutLabel(kind)):** \(Escaping.markdown(text))"
        case .definitions(let definitions):
            return definitions.map { "- **\(Escaping.markdown($0.term))**: \(Escaping.markdown($0.detail))" }
                .joined(separator: "\n")
        case .subheading(let text): return "### " + Escaping.markdown(text)
        }
    }

    func table(_ table: ReportTable) -> String {
        var lines = ["**\(Escaping.markdown(table.caption))**", ""]
        lines.append("| " + table.columns.map { cell($0.title) }.joined(separator: " | ") + " |")
        lines.append("|" + table.columns.map { $0.numeric ? " ---: " : " --- " }.joined(separator: "|") + "|")
        for row in table.rows {
            lines.append("| " + row.map(cell).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// A table cell: escaped, never empty (an empty cell keeps its place).
    func cell(_ text: String) -> String {
        let escaped = Escaping.markdown(text)
        return escaped.isEmpty ? " " : escaped
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
