import ImpactCore
import ImpactResults

/// Builds a support organisation's portfolio report. It reads aggregates only after disclosure control:
/// a withheld aggregate appears as a mark with a footnote, never as a number, and anything else said
/// about members as a group (partners by reach, completeness, ties) is shown only for at least k members.
public struct PortfolioReportBuilder: Sendable {
    public let document: ResultsDocument
    public let dataset: Dataset
    public let portfolio: Portfolio
    public let settings: ReportSettings
    /// Whether to add a table of every member's figures (off by default: it exposes members).
    public let includeMembers: Bool
    /// The members' engagements in the report quarter, summarised.
    let network: NetworkSummary
    let formatter: ValueFormatter
    let descriptors: [String: MetricDescriptor]

    /// `network`: the summary computed where the engagements are (inside a database); by default it is
    /// computed from the dataset's engagements.
    public init(
        document: ResultsDocument, dataset: Dataset, portfolio: Portfolio, settings: ReportSettings,
        includeMembers: Bool = false, network: NetworkSummary? = nil
    ) {
        self.document = document
        self.dataset = dataset
        self.portfolio = portfolio
        self.settings = settings
        self.includeMembers = includeMembers
        self.network = network ?? NetworkSummary(dataset: dataset, quarter: document.quarter)
        self.formatter = ValueFormatter(locale: settings.locale, currency: document.currency)
        self.descriptors = Dictionary(
            uniqueKeysWithValues: document.results.metrics.map { ($0.descriptor.id, $0.descriptor) })
    }

    var quarter: Quarter { document.quarter }
    var k: Int { portfolio.k }

    static let headline = [
        "revenue.total", "revenue.growth_qoq", "revenue.ecosystem_share", "cost.savings_rate",
        "time_to_market.median_days_4q", "partners.active", "partners.cross_sector_share", "funding.raised",
    ]
    static let distributions = [
        "revenue.growth_qoq", "revenue.ecosystem_share", "cost.savings_rate", "time_to_market.median_days_4q",
        "partners.active", "partners.actor_type_diversity",
    ]
    static let breakdownMetrics = ["revenue.total", "revenue.growth_qoq", "revenue.ecosystem_share", "partners.active"]

    public func build() -> Report {
        var sections = [overviewSection(), highlightsSection()]
        if let narrative = settings.narrative, !narrative.isEmpty {
            sections.append(ReportSection(id: "narrative", title: "In our own words", blocks: [.markdown(narrative)]))
        }
        sections += [outcomesSection(), distributionsSection(), breakdownSection(), networkSection()]
        if includeMembers { sections.append(membersSection()) }
        sections += [qualitySection(), methodologySection()]
        return Report(
            title: settings.title ?? "\(document.workspace): portfolio report, \(quarter)",
            cover: ReportCommon.cover(
                document, name: document.workspace, formatter: formatter, calendar: dataset.calendar),
            sections: sections, footnotes: footnotes(), branding: settings.branding)
    }

    // MARK: Marks and formatting

    /// The rules used anywhere in the report, numbered in a fixed order for footnotes.
    var rulesInUse: [DisclosureRule] {
        DisclosureRule.allCases.filter { rule in document.aggregates.contains { $0.suppressed == rule } }
    }

    func mark(_ rule: DisclosureRule) -> String {
        let number = (rulesInUse.firstIndex(of: rule) ?? 0) + 1
        return "withheld " + ["¹", "²", "³"][min(number - 1, 2)]
    }

    func footnotes() -> [String] {
        rulesInUse.enumerated().map { index, rule in
            ["¹", "²", "³"][index] + " " + rule.explanation(k: k).capitalizedFirst + "."
        }
    }

    func title(_ metric: String) -> String { descriptors[metric]?.title ?? metric }
    func unit(_ metric: String) -> MetricUnit { descriptors[metric]?.unit ?? .count }

    /// A statistic (a double) in the metric's unit.
    func statistic(_ value: Double, _ metric: String) -> String {
        formatter.value(.number(value), unit: unit(metric) == .money ? .money : unit(metric))
    }

    /// The cell for one statistic of an aggregate: the number, a withheld mark, or a dash when the group
    /// had no reporting member.
    func cell(_ aggregate: Aggregate?, _ pick: (Aggregate.Statistics) -> Double?) -> String {
        guard let aggregate else { return "—" }
        if let rule = aggregate.suppressed { return mark(rule) }
        guard let statistics = aggregate.statistics, let value = pick(statistics) else { return "—" }
        return statistic(value, aggregate.metric)
    }

    func sumCell(_ aggregate: Aggregate?) -> String {
        guard let aggregate else { return "—" }
        if let rule = aggregate.suppressed { return mark(rule) }
        switch aggregate.statistics?.sum {
        case .money(let amount): return formatter.money(amount)
        case .number(let number): return formatter.number(number, digits: 0)
        default: return "—"
        }
    }

    /// A count about members as a group: shown when at least k, else "fewer than k" (rule 7).
    func memberCount(_ count: Int) -> String {
        count >= k ? formatter.integer(count) : "fewer than \(k)"
    }
}
