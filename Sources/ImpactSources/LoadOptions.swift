import ImpactCore

/// How raw tables become a dataset: the workspace's calendar and base currency, the metric ids targets
/// may name, and how each source writes its columns and numbers.
public struct LoadOptions: Sendable {
    public var calendar: FiscalCalendar
    public var currency: Currency
    /// Ids a `targets.metric` may name.
    public var knownMetrics: Set<String>
    /// Per table: source header → canonical column name.
    public var renames: [CanonicalTable: [String: String]]
    public var numberFormat: NumberFormat

    public init(
        calendar: FiscalCalendar = .calendarYear, currency: Currency = .euro, knownMetrics: Set<String> = [],
        renames: [CanonicalTable: [String: String]] = [:], numberFormat: NumberFormat = .canonical
    ) {
        self.calendar = calendar
        self.currency = currency
        self.knownMetrics = knownMetrics
        self.renames = renames
        self.numberFormat = numberFormat
    }
}
