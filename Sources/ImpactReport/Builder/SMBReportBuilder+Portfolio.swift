import ImpactCore
import ImpactResults

extension SMBReportBuilder {
    struct PartnerValue {
        let partner: Partner
        let value: ExactDecimal
        let share: Double
    }

    /// Partners by the value of engagements starting in the report quarter, largest first (ties by id).
    func topPartners() -> [PartnerValue] {
        let context = MetricContext(dataset: dataset, organization: organization, quarter: quarter)
        let values = context.valueByPartner()
        let total = values.map(\.value).reduce(ExactDecimal.zero, +)
        guard !total.isZero else { return [] }
        return values.map { PartnerValue(partner: $0.partner, value: $0.value, share: $0.value.ratio(to: total) ?? 0) }
            .sorted { ($0.value, $1.partner.id) > ($1.value, $0.partner.id) }
    }

    /// Active partners by actor type and sector, new partners, and where the value is concentrated.
    func partnerPortfolioSection() -> ReportSection {
        let context = MetricContext(dataset: dataset, organization: organization, quarter: quarter)
        let active = context.activePartners()
        var blocks: [ReportBlock] = []
        guard !active.isEmpty else {
            blocks.append(.paragraph("No partner had an engagement active in \(quarter)."))
            return ReportSection(id: "partner-portfolio", title: "Partner portfolio", blocks: blocks)
        }
        blocks.append(
            .paragraph(
                "\(formatter.integer(active.count)) partner\(active.count == 1 ? "" : "s") had an engagement active in \(quarter)."
            ))
        blocks.append(
            .table(
                breakdown(active, caption: "Active partners by actor type", heading: "Actor type") {
                    ActorTypeText.name($0.actorType)
                }))
        blocks.append(
            .table(
                breakdown(active, caption: "Active partners by sector", heading: "Sector") {
                    $0.sector?.rawValue ?? "unknown"
                }))
        var earliest: [Identifier: CalendarDate] = [:]
        for engagement in context.engagements where earliest[engagement.partner] == nil {
            earliest[engagement.partner] = engagement.startedOn
        }
        let first = dataset.calendar.firstDay(of: quarter)
        let last = dataset.calendar.lastDay(of: quarter)
        let newPartners = earliest.filter { $0.value >= first && $0.value <= last }.keys.sorted().compactMap(
            dataset.partner)
        blocks.append(.subheading("New partners in \(quarter)"))
        blocks.append(
            newPartners.isEmpty
                ? .paragraph("No new partners this quarter.")
                : .bullets(newPartners.map { "\($0.name ?? $0.id.rawValue) (\(ActorTypeText.name($0.actorType)))" }))
        let top = topPartners()
        if !top.isEmpty {
            blocks.append(.subheading("Where this quarter's engagement value lies"))
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Engagement value starting in \(quarter) by partner",
                        columns: [
                            ReportTable.Column("Partner"), ReportTable.Column("Value", numeric: true),
                            ReportTable.Column("Share", numeric: true),
                        ],
                        rows: top.prefix(10).map {
                            [
                                $0.partner.name ?? $0.partner.id.rawValue, formatter.money($0.value),
                                formatter.percent($0.share),
                            ]
                        })))
        }
        return ReportSection(id: "partner-portfolio", title: "Partner portfolio", blocks: blocks)
    }

    func breakdown(_ partners: [Partner], caption: String, heading: String, key: (Partner) -> String) -> ReportTable {
        var counts: [String: Int] = [:]
        for partner in partners { counts[key(partner), default: 0] += 1 }
        let rows = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { name, count in
            [name, formatter.integer(count), formatter.percent(Double(count) / Double(partners.count))]
        }
        return ReportTable(
            caption: caption,
            columns: [
                ReportTable.Column(heading), ReportTable.Column("Partners", numeric: true),
                ReportTable.Column("Share", numeric: true),
            ],
            rows: rows)
    }
}

/// Actor types as words.
enum ActorTypeText {
    static func name(_ type: ActorType) -> String {
        switch type {
        case .smb: return "SMB"
        case .largeEnterprise: return "large enterprise"
        case .supportOrg: return "support organisation"
        case .research: return "research"
        case .financial: return "financial"
        case .government: return "government"
        case .infrastructure: return "infrastructure"
        case .other: return "other"
        }
    }
}
