import ImpactCore

/// How raw tables become a dataset: the workspace's calendar and base currency and the metric ids
/// targets may name. (How each source writes its columns, numbers and dates is its `SourceSettings`,
/// applied by `TableMapping` before typing.)
public struct LoadOptions: Sendable {
    public var calendar: FiscalCalendar
    public var currency: Currency
    /// Ids a `targets.metric` may name.
    public var knownMetrics: Set<String>
    /// Tables a source found but could not read, their problem already logged: nothing else is said
    /// about their absence (engagements without a partners table, say).
    public var reportedTables: Set<CanonicalTable> = []
    /// Whether the dataset holds the engagements. Without, every engagement is still typed and checked
    /// as for a report (every problem is found and logged the same), then let go rather than ordered
    /// for metrics: for a check whose output shows none (`impact validate`), where ordering them was a
    /// seventh of the time at full size (measured).
    public var keepsEngagements = true

    public init(calendar: FiscalCalendar = .calendarYear, currency: Currency = .euro, knownMetrics: Set<String> = []) {
        self.calendar = calendar
        self.currency = currency
        self.knownMetrics = knownMetrics
    }
}
