import ImpactCore

/// A typed row with where it came from.
struct Located<Value: Sendable>: Sendable {
    let source: String
    let row: Int
    let value: Value
}

struct FinancialRow {
    let organization: Identifier
    let period: Period
    let revenue: ExactDecimal?
    let operatingCosts: ExactDecimal?
    let ecosystemRevenue: ExactDecimal?
    let costSavings: ExactDecimal?
    let currency: Currency

    var hasAmounts: Bool {
        revenue != nil || operatingCosts != nil || ecosystemRevenue != nil || costSavings != nil
    }
}

struct EngagementRow {
    let engagement: Engagement
    let currency: Currency
    let valueGiven: Bool
    /// Positions of the organisation and the partner among the tables' sorted ids; -1 when unknown.
    let organizationPosition: Int32
    let partnerPosition: Int32
}

/// The engagements typed from one part of one source, compact: the engagements (values still in the
/// currency they were given in; in their window of the array being built), each one's row, and the few values given in another currency than the
/// base one. Ten million `Located<EngagementRow>` took 160 bytes each beside the file's text — the peak
/// memory of a portfolio run; these take 112 (with the organisation's and partner's positions).
struct EngagementPart: Sendable {
    let source: String
    let engagements: EngagementBuffer
    /// Each engagement's row, in 32 bits as `RawRecords.Line` keeps rows (40 MB less at full size; two
    /// billion engagements would need some 200 GB for their records before their rows overflowed).
    private(set) var rows: [Int32] = []
    /// Positions in `engagements` of values given in another currency than the base one, with it.
    private(set) var foreign: [(position: Int, currency: Currency)] = []

    /// A part whose engagements and their positions (`EngagementRow.organizationPosition` and
    /// `partnerPosition`) go to the uninitialized memory at `window` (room for `capacity`).
    init(source: String, window: EngagementBuffer.Storage, capacity: Int) {
        self.source = source
        engagements = EngagementBuffer(base: window, capacity: capacity)
        rows.reserveCapacity(capacity)
    }

    /// A row the general reader typed.
    mutating func append(_ row: Located<EngagementRow>, base: Currency) {
        assert(row.source == source, "a part holds the rows of one source")
        let value = row.value
        append(
            value.engagement, currency: value.currency, valueGiven: value.valueGiven,
            organizationPosition: value.organizationPosition, partnerPosition: value.partnerPosition, row: row.row,
            base: base)
    }

    /// The same from its parts, the engagement moved into its window: through an `EngagementRow`, each was
    /// copied out of the row and the row destroyed (outlined copies and releases of its ids, 5 % of typing
    /// ten million engagements, profiled).
    mutating func append(
        _ engagement: consuming Engagement, currency: Currency, valueGiven: Bool, organizationPosition: Int32,
        partnerPosition: Int32, row: Int, base: Currency
    ) {
        if valueGiven && currency != base {
            foreign.append((engagements.count, currency))
        }
        engagements.append(engagement, organization: organizationPosition, partner: partnerPosition)
        rows.append(Int32(row))
    }
}

struct FxRateRow {
    let currency: Currency
    let quarter: Quarter
    let rate: ExactDecimal
}
