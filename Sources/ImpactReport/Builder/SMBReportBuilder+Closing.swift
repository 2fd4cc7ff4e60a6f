import ImpactCore
import ImpactResults

extension SMBReportBuilder {
    /// Every target of the organisation in the window with the value reached.
    func targetsSection() -> ReportSection {
        // A closure, not the key path `\.values`: making a key path at run time scans the conformance records.
        let targets = timeline.targets.values.flatMap { $0.values }.sorted {
            ($0.quarter, $0.metric) > ($1.quarter, $1.metric)
        }
        guard !targets.isEmpty else {
            return ReportSection(
                id: "targets", title: "Targets", blocks: [.paragraph("No targets are set for this window.")])
        }
        let rows = targets.map { target -> [String] in
            let unit = timeline.unit(target.metric)
            let goal = formatter.value(
                unit == .money ? .money(target.target) : .number(target.target.doubleValue), unit: unit)
            let bound = timeline.direction(target.metric) == .lowerIsBetter ? "≤ " : "≥ "
            let status = target.met.map { $0 ? "met" : "missed" } ?? "n/a"
            return [
                target.quarter.description, timeline.title(target.metric), bound + goal,
                formatter.value(target.value, unit: unit), status,
            ]
        }
        return ReportSection(
            id: "targets", title: "Targets",
            blocks: [
                .table(
                    ReportTable(
                        caption: "Targets and results",
                        columns: [
                            ReportTable.Column("Quarter"), ReportTable.Column("Metric"),
                            ReportTable.Column("Target", numeric: true),
                            ReportTable.Column("Result", numeric: true), ReportTable.Column("Status"),
                        ],
                        rows: rows))
            ])
    }

    /// Warnings from loading and metrics that have no value in the report quarter, with the reason.
    func dataQualitySection() -> ReportSection {
        var blocks: [ReportBlock] = []
        let warnings = document.warnings.filter { $0.organization == nil || $0.organization == organization.id }
        if warnings.isEmpty {
            blocks.append(.paragraph("Loading the data raised no warnings."))
        } else {
            blocks.append(.subheading("Warnings from loading"))
            blocks.append(.bullets(warnings.map(\.description)))
        }
        let missing = timeline.descriptors.keys.sorted().compactMap { metric -> [String]? in
            guard let reason = timeline.value(metric).nullReason else { return nil }
            return [timeline.title(metric), metric, NullReasonText.explain(reason, metric: metric)]
        }
        if missing.isEmpty {
            blocks.append(.paragraph("Every metric has a value for \(quarter)."))
        } else {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Metrics without a value in \(quarter)",
                        columns: [ReportTable.Column("Metric"), ReportTable.Column("Id"), ReportTable.Column("Why")],
                        rows: missing)))
        }
        return ReportSection(id: "data-quality", title: "Data quality", blocks: blocks, pageBreakBefore: true)
    }

    /// Each metric's definition, how to read the figures, and the provenance of the report.
    func methodologySection() -> ReportSection {
        var blocks: [ReportBlock] = [
            .paragraph(
                "Figures are associated with the organisation's ecosystem engagement, not proven to be caused by it: an ecosystem is one cause among many. Gross figures and the part attributed to partnerships are kept apart."
            ),
            .paragraph(
                "A value that cannot be computed is shown as n/a, never as zero. Amounts in other currencies were converted once, at the rate of their fiscal quarter, and rounded to the minor unit of \(document.currency.code)."
            ),
        ]
        blocks.append(.subheading("Metric definitions"))
        blocks.append(
            .definitions(
                document.results.metrics.map { entry in
                    let descriptor = entry.descriptor
                    var detail = descriptor.summary + " Unit: \(descriptor.unit.rawValue.replacingUnderscores); "
                    detail += descriptor.direction.rawValue.replacingUnderscores
                    if let iris = descriptor.iris { detail += "; IRIS+ \(iris)" }
                    return ReportBlock.Definition(term: "\(descriptor.title) (\(descriptor.id))", detail: detail + ".")
                }))
        blocks += ReportCommon.provenance(document, k: settings.k, locale: settings.locale, formatter: formatter)
        return ReportSection(id: "methodology", title: "Methodology", blocks: blocks)
    }
}

extension String {
    var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}
