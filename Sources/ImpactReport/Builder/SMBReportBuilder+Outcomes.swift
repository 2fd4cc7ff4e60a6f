import ImpactCore
import ImpactResults

extension SMBReportBuilder {
    /// An outcome section: its anchor, title, the metrics charted and tabled, and what it explains.
    struct Outcome {
        let id: String
        let title: String
        let chart: [String]
        let table: [String]
        let text: String
    }

    /// The outcomes of the contract's metrics, in report order.
    static let outcomes = [
        Outcome(
            id: "revenue", title: "Revenue", chart: ["revenue.total"],
            table: [
                "revenue.total", "revenue.growth_qoq", "revenue.growth_yoy", "revenue.ecosystem_share",
                "revenue.trailing_4q",
            ],
            text:
                "Revenue is reported as earned; the ecosystem share is the part the organisation attributes to its partnerships. Growth from a zero base is undefined."
        ),
        Outcome(
            id: "cost", title: "Cost reduction", chart: ["cost.operating", "cost.savings"],
            table: ["cost.operating", "cost.savings", "cost.savings_rate"],
            text:
                "Savings are what shared resources and collaborations saved against the cost that would otherwise have been paid; the savings rate divides them by that whole cost base."
        ),
        Outcome(
            id: "time-to-market", title: "Time to market",
            chart: ["time_to_market.median_days_4q", "time_to_market.median_days"],
            table: [
                "time_to_market.launches", "time_to_market.median_days", "time_to_market.p85_days",
                "time_to_market.median_days_4q", "time_to_market.ecosystem_gain_days_4q",
            ],
            text:
                "Days from project kick-off to first market introduction. An SMB launches a few products a year, so the four-quarter median is the stable figure; fewer days is better."
        ),
        Outcome(
            id: "partners", title: "Partner diversity", chart: ["partners.active", "partners.new"],
            table: [
                "partners.active", "partners.new", "partners.actor_type_diversity", "partners.sector_diversity",
                "partners.cross_sector_share", "partners.value_hhi", "partners.top_partner_share",
            ],
            text:
                "Diversity is the effective number of kinds of partner (1 = a single kind). Concentration is the Herfindahl–Hirschman index of the quarter's engagement value: above 2,500 is highly concentrated."
        ),
        Outcome(
            id: "funding", title: "Funding and knowledge transfer", chart: ["funding.raised", "funding.grants"],
            table: [
                "funding.raised", "funding.grants", "funding.investors", "knowledge.research_collaborations",
                "knowledge.talent_placements",
            ],
            text:
                "Funding counts grants, investments and loans in the quarter they start. Knowledge transfer counts joint projects and licences with research partners, and placements of talent."
        ),
    ]

    /// One section per outcome: a trend chart over the window and the table behind it.
    func outcomeSections() -> [ReportSection] {
        Self.outcomes.compactMap {
            outcome(id: $0.id, title: $0.title, chart: $0.chart, table: $0.table, text: $0.text)
        }
    }

    func outcome(id: String, title: String, chart metrics: [String], table tableMetrics: [String], text: String)
        -> ReportSection?
    {
        let charted = metrics.filter(timeline.has)
        let tabled = tableMetrics.filter(timeline.has)
        guard !tabled.isEmpty else { return nil }
        var blocks: [ReportBlock] = [.paragraph(text)]
        if !charted.isEmpty { blocks.append(.chart(trendChart(id: id, title: title, metrics: charted))) }
        blocks.append(.table(windowTable(caption: "\(title) by quarter", metrics: tabled)))
        return ReportSection(id: id, title: title, blocks: blocks, pageBreakBefore: id == "revenue")
    }

    /// Quarters as rows, metrics as columns.
    func windowTable(caption: String, metrics: [String]) -> ReportTable {
        ReportTable(
            caption: caption,
            columns: [ReportTable.Column("Quarter")]
                + metrics.map { ReportTable.Column(timeline.title($0), numeric: true) },
            rows: timeline.quarters.map { quarter in
                [quarter.description]
                    + metrics.map { formatter.value(timeline.value($0, quarter), unit: timeline.unit($0)) }
            })
    }

    func trendChart(id: String, title: String, metrics: [String]) -> ReportChart {
        let series = metrics.map { ReportChart.Series(name: timeline.title($0), values: timeline.series($0)) }
        let unit = timeline.unit(metrics[0])
        let ticks = NiceScale.ticks(for: series.flatMap { $0.values.compactMap { $0 } }).map { value in
            ReportChart.Tick(value: value, label: axisLabel(value, unit: unit))
        }
        let names = series.map(\.name).joined(separator: " and ")
        let latest = metrics.map {
            "\(timeline.title($0)) \(formatter.value(timeline.value($0), unit: timeline.unit($0)))"
        }
        .joined(separator: ", ")
        return ReportChart(
            id: "chart-" + id, title: "\(title): \(names), \(timeline.quarters.first!) to \(quarter)",
            summary:
                "Line chart of \(names) per quarter from \(timeline.quarters.first!) to \(quarter). In \(quarter): \(latest). Gaps mark quarters without a value; the table below gives every number.",
            categories: timeline.quarters.map(\.description), series: series,
            table: nil, ticks: ticks)
    }

    func axisLabel(_ value: Double, unit: MetricUnit) -> String {
        switch unit {
        case .money: return formatter.moneyRounded(value)
        case .ratio: return formatter.percent(value, digits: 0)
        default: return formatter.number(value, digits: 1)
        }
    }
}
