/// Builds a `Dataset` in code: for metric examples, tests and in-memory sources.
///
/// Each method returns a new builder, so a dataset reads as one expression:
/// ```swift
/// let data = try DatasetBuilder()
///     .organization("acme", sector: "C")
///     .financials("acme", "2026-Q1", revenue: 100)
///     .partner("uni", .research)
///     .engagement("acme", "uni", .jointProject, started: "2026-01-10", value: 5_000)
///     .build()
/// ```
public struct DatasetBuilder: Sendable {
    public var calendar: FiscalCalendar
    public var currency: Currency
    public var organizations: [Organization] = []
    public var partners: [Partner] = []
    public var financials: [QuarterFinancials] = []
    public var engagements: [Engagement] = []
    public var launches: [Launch] = []
    public var targets: [Target] = []

    public init(calendar: FiscalCalendar = .calendarYear, currency: Currency = .euro) {
        self.calendar = calendar
        self.currency = currency
    }

    public func organization(
        _ id: Identifier, name: String? = nil, sector: Identifier? = nil, region: Identifier? = nil,
        sizeBand: SizeBand? = nil, cohort: Identifier? = nil
    ) -> DatasetBuilder {
        var copy = self
        copy.organizations.append(
            Organization(
                id: id, name: name ?? id.rawValue, sector: sector, region: region, sizeBand: sizeBand, cohort: cohort))
        return copy
    }

    /// A quarter in which the organisation reports, with the figures given (nil = unknown).
    public func financials(
        _ organization: Identifier, _ quarter: Quarter, revenue: ExactDecimal? = nil,
        operatingCosts: ExactDecimal? = nil, ecosystemRevenue: ExactDecimal? = nil, costSavings: ExactDecimal? = nil
    ) -> DatasetBuilder {
        var copy = self
        copy.financials.append(
            QuarterFinancials(
                organization: organization, quarter: quarter, revenue: revenue, operatingCosts: operatingCosts,
                ecosystemRevenue: ecosystemRevenue, costSavings: costSavings))
        return copy
    }

    public func partner(
        _ id: Identifier, _ actorType: ActorType, name: String? = nil, sector: Identifier? = nil,
        region: Identifier? = nil
    ) -> DatasetBuilder {
        var copy = self
        copy.partners.append(Partner(id: id, name: name, actorType: actorType, sector: sector, region: region))
        return copy
    }

    public func engagement(
        _ organization: Identifier, _ partner: Identifier, _ kind: EngagementKind, started: CalendarDate,
        ended: CalendarDate? = nil, value: ExactDecimal = .zero, id: Identifier? = nil
    ) -> DatasetBuilder {
        var copy = self
        copy.engagements.append(
            Engagement(
                id: id, organization: organization, partner: partner, kind: kind, startedOn: started, endedOn: ended,
                value: value))
        return copy
    }

    public func launch(
        _ organization: Identifier, _ project: Identifier, started: CalendarDate, launched: CalendarDate?,
        ecosystemSupported: Bool = false
    ) -> DatasetBuilder {
        var copy = self
        copy.launches.append(
            Launch(
                projectID: project, organization: organization, startedOn: started, launchedOn: launched,
                ecosystemSupported: ecosystemSupported))
        return copy
    }

    public func target(
        _ organization: Identifier?, _ metric: String, _ quarter: Quarter, _ value: ExactDecimal
    ) -> DatasetBuilder {
        var copy = self
        copy.targets.append(Target(organization: organization, metric: metric, quarter: quarter, value: value))
        return copy
    }

    public func build() throws(DatasetError) -> Dataset {
        try Dataset(
            calendar: calendar, currency: currency, organizations: organizations, partners: partners,
            financials: financials, engagements: engagements, launches: launches, targets: targets)
    }
}
