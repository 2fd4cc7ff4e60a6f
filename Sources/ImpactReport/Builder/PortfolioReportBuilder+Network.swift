import ImpactCore
import ImpactResults

extension PortfolioReportBuilder {
    /// The ecosystem network: distinct partners, partners engaged by at least k reporting members ranked
    /// by reach, and cross-sector ties by actor type.
    func networkSection() -> ReportSection {
        var blocks: [ReportBlock] = [
            .paragraph(
                "\(formatter.integer(network.reach.count)) distinct partners had an engagement with a reporting member active in \(quarter)."
            )
        ]
        let hubs = network.reach.filter { $0.value >= k }.compactMap { id, members in
            dataset.partner(id).map { ($0, members) }
        }.sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }
        blocks.append(.subheading("Partners that reach the most members"))
        if hubs.isEmpty {
            blocks.append(
                .paragraph("No partner works with \(k) or more reporting members this quarter, so none is named."))
        } else {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Partners engaged by at least \(k) reporting members in \(quarter)",
                        columns: [.init("Partner"), .init("Actor type"), .init("Members engaged", numeric: true)],
                        rows: hubs.prefix(20).map {
                            [
                                $0.0.name ?? $0.0.id.rawValue, ActorTypeText.name($0.0.actorType),
                                formatter.integer($0.1),
                            ]
                        })))
        }
        blocks.append(.subheading("Cross-sector ties"))
        let rows = ActorType.allCases.compactMap { type -> [String]? in
            guard let entry = network.ties[type] else { return nil }
            guard entry.members >= k else {
                return [ActorTypeText.name(type), memberCount(entry.members), "—"]
            }
            return [
                ActorTypeText.name(type), formatter.integer(entry.members), formatter.integer(entry.engagements),
            ]
        }
        blocks.append(
            rows.isEmpty
                ? .paragraph("No active engagement crosses sectors this quarter.")
                : .table(
                    ReportTable(
                        caption:
                            "Engagements active in \(quarter) with a partner from another sector, by the partner's actor type",
                        columns: [
                            .init("Partner actor type"), .init("Members", numeric: true),
                            .init("Engagements", numeric: true),
                        ],
                        rows: rows)))
        return ReportSection(id: "network", title: "Ecosystem network", blocks: blocks)
    }

    /// Every member's headline figures — only with `--include-members`.
    func membersSection() -> ReportSection {
        let values = Dictionary(
            grouping: document.results.observations.filter { $0.quarter == quarter }, by: \.organization)
        let metrics = ["revenue.total", "revenue.growth_qoq", "partners.active", "partners.value_hhi"].filter {
            descriptors[$0] != nil
        }
        let rows = dataset.organizations.map { organization -> [String] in
            let mine = values[organization.id] ?? []
            return [
                organization.name, organization.id.rawValue,
                dataset.reports(organization.id, in: quarter) ? "yes" : "no",
            ]
                + metrics.map { metric in
                    formatter.value(mine.first { $0.metric == metric }?.value ?? .null(.noData), unit: unit(metric))
                }
        }
        return ReportSection(
            id: "members", title: "Members",
            blocks: [
                .callout(
                    .warning, "This table shows each member's own figures. Do not publish it outside the organisation."),
                .table(
                    ReportTable(
                        caption: "Members in \(quarter)",
                        columns: [.init("Member"), .init("Id"), .init("Reported")]
                            + metrics.map { .init(title($0), numeric: true) },
                        rows: rows)),
            ], pageBreakBefore: true)
    }

    func qualitySection() -> ReportSection {
        var blocks: [ReportBlock] = []
        // Warnings about one member stay out of the portfolio report (they would name it); they are counted.
        let general = document.warnings.filter { $0.organization == nil }
        let aboutMembers = document.warnings.count - general.count
        if document.warnings.isEmpty {
            blocks.append(.paragraph("Loading the data raised no warnings."))
        } else {
            if !general.isEmpty {
                blocks.append(.paragraph("Warnings from loading the data:"))
                blocks.append(.bullets(general.prefix(50).map(\.description)))
            }
            if aboutMembers > 0 {
                blocks.append(
                    .paragraph(
                        "\(formatter.integer(aboutMembers)) warning\(aboutMembers == 1 ? " concerns an individual member" : "s concern individual members") and \(aboutMembers == 1 ? "is" : "are") shown in their own reports and by 'impact validate', not here."
                    ))
            }
        }
        var reasons: [NullReason: Int] = [:]
        for observation in document.results.observations where observation.quarter == quarter {
            if let reason = observation.value.nullReason { reasons[reason, default: 0] += 1 }
        }
        if !reasons.isEmpty {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Values missing in \(quarter), by reason (member × metric)",
                        columns: [.init("Reason"), .init("Meaning"), .init("Values", numeric: true)],
                        rows: reasons.keys.sorted().map {
                            [$0.rawValue, NullReasonText.explain($0), memberCount(reasons[$0]!)]
                        })))
        }
        return ReportSection(id: "data-quality", title: "Data quality", blocks: blocks, pageBreakBefore: true)
    }

    func methodologySection() -> ReportSection {
        var blocks: [ReportBlock] =
            [
                .paragraph(
                    "Disclosure control protects every member: a group statistic is withheld when fewer than \(k) members have a value (minimum frequency), when for money the two largest values make up more than 85 % of the total (dominance), and when it would let another withheld group be worked out from the portfolio total (secondary suppression). Partners are named only when at least \(k) members work with them, and counts of members below \(k) are not shown."
                ),
                .paragraph(
                    "Quartiles and medians use linear interpolation between closest ranks (Hyndman–Fan type 7). Figures are associated with ecosystem engagement, not proven to be caused by it."
                ),
                .subheading("Metric definitions"),
                .definitions(
                    document.results.metrics.map { entry in
                        let d = entry.descriptor
                        return .init(
                            term: "\(d.title) (\(d.id))",
                            detail: d.summary
                                + " Unit: \(d.unit.rawValue.replacingUnderscores); \(d.direction.rawValue.replacingUnderscores)\(d.additive ? "; additive" : "")."
                        )
                    }),
            ] + ReportCommon.provenance(document, k: k, locale: settings.locale, formatter: formatter)
        if includeMembers { blocks.insert(.callout(.warning, "This edition includes the members table."), at: 0) }
        return ReportSection(id: "methodology", title: "Methodology", blocks: blocks)
    }
}
