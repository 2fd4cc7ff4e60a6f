import ImpactCore

/// A typed row with where it came from.
struct Located<Value: Sendable>: Sendable {
    let source: String
    let row: Int
    let value: Value
}

struct FinancialRow {
    let organization: Identifier
    /// The organisation's position among the organisations table's sorted ids; -1 without the table.
    let organizationPosition: Int32
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
/// currency they were given in; in their window of the columns being built), each one's row, and the few
/// values given in another currency than the base one.
struct EngagementPart: Sendable {
    let source: String
    let engagements: EngagementBuffer
    /// Each engagement's row, as runs of consecutive rows.
    private(set) var rows = RowRuns()
    /// Positions in `engagements` of values given in another currency than the base one, with it.
    private(set) var foreign: [(position: Int, currency: Currency)] = []
    /// The hash (`IdentifierTable.hash`) of every engagement id, in buckets by shard, for the repeated-id
    /// check (`CanonicalLoader.repeatedHashes`); nil once let go. Made as each line is typed, from the
    /// field's bytes: hashed from the ids afterwards, in a pass of their own, they were 4 % of `impact
    /// validate`'s CPU at full size (profiled).
    private(set) var idHashes: HashShards?

    /// A part whose engagements go to the uninitialized memory at `window` (room for `capacity`), its ids'
    /// hashes in `shards` buckets, its long ids in the text of index `textIndex` (`EngagementIDs`).
    init(source: String, window: EngagementBuffer.Storage, capacity: Int, shards: Int = 1, textIndex: Int = 0) {
        self.source = source
        engagements = EngagementBuffer(base: window, capacity: capacity, textIndex: textIndex)
        // Room for the expected share of each bucket and an eighth more: grown by doubling, buckets were
        // copied about twice over.
        let expected = max(capacity, 0) / max(shards, 1)
        idHashes = HashShards(shards: shards, expected: expected + expected / 8 + 16)
    }

    /// Lets the ids' hashes go (once the repeated-id check has read them).
    mutating func releaseIDHashes() {
        idHashes = nil
    }

    /// A row the general reader typed.
    mutating func append(_ row: Located<EngagementRow>, base: Currency) {
        assert(row.source == source, "a part holds the rows of one source")
        let value = row.value
        let engagement = value.engagement
        append(
            id: engagements.slot(of: engagement.id), idHash: engagement.id.map(IdentifierTable.hash) ?? 0,
            organization: value.organizationPosition, partner: value.partnerPosition, kind: engagement.kind,
            startedOn: engagement.startedOn, endedOn: engagement.endedOn, value: engagement.value,
            currency: value.currency, valueGiven: value.valueGiven, row: row.row, base: base)
    }

    /// The same from its fields, written into the part's window of the columns. `organization` and
    /// `partner` are positions in the tables' sorted ids (-1 when there is no table); `idHash` is the id's
    /// `IdentifierTable.hash` (ignored without an id).
    @inline(__always)
    mutating func append(
        id: EngagementIDs.Slot, idHash: Int, organization: Int32, partner: Int32, kind: EngagementKind,
        startedOn: CalendarDate, endedOn: CalendarDate?, value: ExactDecimal, currency: Currency, valueGiven: Bool,
        row: Int, base: Currency
    ) {
        if valueGiven && currency != base {
            foreign.append((engagements.count, currency))
        }
        if id != .absent { idHashes?.append(idHash) }
        engagements.append(
            id: id, organization: organization, partner: partner, kind: kind, startedOn: startedOn, endedOn: endedOn,
            value: value)
        rows.append(row)
    }
}

struct FxRateRow {
    let currency: Currency
    let quarter: Quarter
    let rate: ExactDecimal
}
