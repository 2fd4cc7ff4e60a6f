/// What a metric sees when it computes one organisation's value in one quarter: the dataset, the
/// organisation, the quarter, and indexed queries over the organisation's records.
public struct MetricContext: Sendable {
    public let dataset: Dataset
    public let organization: Organization
    public let quarter: Quarter

    public init(dataset: Dataset, organization: Organization, quarter: Quarter) {
        self.dataset = dataset
        self.organization = organization
        self.quarter = quarter
    }

    public var calendar: FiscalCalendar { dataset.calendar }

    /// The organisation's figures `offset` quarters from the context's quarter (0 = this quarter, -1 =
    /// the previous one, -4 = a year earlier); nil when it does not report then.
    public func financials(offset: Int = 0) -> QuarterFinancials? {
        dataset.financials(of: organization.id, in: quarter.adding(offset))
    }

    /// The organisation's engagements active at any time in `quarter` (default: the context's): started
    /// on or before its last day and not ended before its first.
    public func engagementsActive(in quarter: Quarter? = nil) -> [Engagement] {
        let quarter = quarter ?? self.quarter
        let first = calendar.firstDay(of: quarter)
        let last = calendar.lastDay(of: quarter)
        let all = dataset.engagements(of: organization.id)
        let startedByEnd = Self.partitionIndex(all) { $0.startedOn <= last }
        return all[..<startedByEnd].filter { $0.endedOn.map { $0 >= first } ?? true }
    }

    /// The organisation's engagements whose start day falls in `quarter` (default: the context's) — the
    /// quarter an engagement's value belongs to.
    public func engagementsStarting(in quarter: Quarter? = nil) -> ArraySlice<Engagement> {
        let quarter = quarter ?? self.quarter
        let first = calendar.firstDay(of: quarter)
        let last = calendar.lastDay(of: quarter)
        let all = dataset.engagements(of: organization.id)
        let lower = Self.partitionIndex(all) { $0.startedOn < first }
        let upper = Self.partitionIndex(all) { $0.startedOn <= last }
        return all[lower..<max(lower, upper)]
    }

    /// Every engagement of the organisation, sorted by start day.
    public var engagements: [Engagement] { dataset.engagements(of: organization.id) }

    /// The organisation's projects launched in the quarters `from` … `through` (offsets from the
    /// context's quarter; `launches(from: -3)` is the last four quarters).
    public func launches(from startOffset: Int = 0, through endOffset: Int = 0) -> ArraySlice<Launch> {
        let first = calendar.firstDay(of: quarter.adding(startOffset))
        let last = calendar.lastDay(of: quarter.adding(endOffset))
        let all = dataset.launches(of: organization.id)
        let lower = Self.partitionIndex(all) { $0.launchedOn! < first }
        let upper = Self.partitionIndex(all) { $0.launchedOn! <= last }
        return all[lower..<max(lower, upper)]
    }

    /// The partner with this id.
    public func partner(_ id: Identifier) -> Partner? { dataset.partner(id) }

    /// The first index whose element does not satisfy `isBefore`, for an array partitioned by it.
    static func partitionIndex<T>(_ array: [T], _ isBefore: (T) -> Bool) -> Int {
        var low = 0
        var high = array.count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(array[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
