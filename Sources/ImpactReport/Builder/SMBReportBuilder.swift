import ImpactCore
import ImpactResults

/// Builds the quarterly report of one organisation from its results and the dataset they came from.
public struct SMBReportBuilder: Sendable {
    public let document: ResultsDocument
    public let dataset: Dataset
    public let organization: Organization
    public let settings: ReportSettings
    let formatter: ValueFormatter
    let timeline: MetricTimeline

    /// nil when the organisation is not in the dataset.
    public init?(document: ResultsDocument, dataset: Dataset, organization id: Identifier, settings: ReportSettings) {
        guard let organization = dataset.organization(id) else { return nil }
        self.document = document
        self.dataset = dataset
        self.organization = organization
        self.settings = settings
        self.formatter = ValueFormatter(locale: settings.locale, currency: document.currency)
        self.timeline = MetricTimeline(results: document.results, organization: id)
    }

    var quarter: Quarter { document.quarter }
    var reportsNow: Bool { dataset.reports(organization.id, in: quarter) }

    public func build() -> Report {
        var sections: [ReportSection] = [summarySection(), highlightsSection()]
        if let narrative = settings.narrative, !narrative.isEmpty {
            sections.append(ReportSection(id: "narrative", title: "In our own words", blocks: [.markdown(narrative)]))
        }
        if let peers = peersSection() { sections.append(peers) }
        sections += outcomeSections()
        if let more = moreMetricsSection() { sections.append(more) }
        sections.append(partnerPortfolioSection())
        sections.append(targetsSection())
        sections.append(dataQualitySection())
        sections.append(methodologySection())
        return Report(
            title: settings.title ?? "\(organization.name): ecosystem impact, \(quarter)",
            cover: ReportCommon.cover(
                document, name: organization.name, formatter: formatter, calendar: dataset.calendar),
            sections: sections, branding: settings.branding)
    }

}
