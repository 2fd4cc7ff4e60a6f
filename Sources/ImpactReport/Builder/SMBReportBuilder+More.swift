import ImpactCore
import ImpactResults

extension SMBReportBuilder {
    /// The namespaces of the built-in metrics, which have sections of their own.
    static let builtinNamespaces: Set<String> = [
        "revenue", "cost", "time_to_market", "partners", "funding", "knowledge",
    ]

    /// Metrics from plugins and declarations of the workspace, by quarter.
    func moreMetricsSection() -> ReportSection? {
        let metrics = document.results.metrics.map(\.descriptor.id).filter { id in
            !Self.builtinNamespaces.contains(String(id.split(separator: ".")[0]))
        }
        guard !metrics.isEmpty else { return nil }
        var blocks: [ReportBlock] = [
            .paragraph(
                "Metrics configured for this workspace: its own plugins and declared formulas (see the methodology).")
        ]
        var start = 0
        while start < metrics.count {
            let chunk = Array(metrics[start..<min(start + 5, metrics.count)])
            blocks.append(
                .table(
                    windowTable(
                        caption: start == 0 ? "More metrics by quarter" : "More metrics by quarter (continued)",
                        metrics: chunk)))
            start += 5
        }
        return ReportSection(id: "more-metrics", title: "More metrics", blocks: blocks)
    }
}
