/// What a metric sees when it computes one organisation's value in one quarter: the dataset, the
/// organisation, the quarter, and indexed queries over the organisation's records.
public struct MetricContext: Sendable {
    public let dataset: Dataset
    public let organization: Organization
    public let quarter: Quarter
    /// The organisation's position in the dataset; nil for an organisation the dataset does not hold.
    let slot: Int?
    /// Positions (in the dataset's engagement columns) of the organisation's engagements active in the
    /// context's quarter, and of their partners (in `dataset.partners`, sorted, distinct): found once, as
    /// most of the built-in partner metrics and the reports ask for them.
    let activeIndices: [Int]
    let activePartnerPositions: [Int32]
    /// The organisation's partners, numbered (see `OrganizationPartners`).
    let partners: OrganizationPartners

    public init(dataset: Dataset, organization: Organization, quarter: Quarter) {
        let slot = dataset.organizationSlots[organization.id]
        self.init(
            dataset: dataset, organization: organization, quarter: quarter, slot: slot,
            partners: slot.map { OrganizationPartners(dataset: dataset, slot: $0) } ?? .none)
    }

    /// A context of the organisation in `slot` (nil: not in the dataset) with its partners numbered
    /// already: the engine numbers them once for all of an organisation's quarters.
    init(dataset: Dataset, organization: Organization, quarter: Quarter, slot: Int?, partners: OrganizationPartners) {
        self.dataset = dataset
        self.organization = organization
        self.quarter = quarter
        self.slot = slot
        self.partners = partners
        let active = slot.map { Self.activeEngagementIndices(dataset, $0, quarter) } ?? []
        self.activeIndices = active
        self.activePartnerPositions = Self.activePartnerPositions(dataset, partners, active)
    }

    /// The same organisation's context in another quarter, with the partners it numbered already (a
    /// formula's metric of an earlier quarter).
    public func moved(to quarter: Quarter) -> MetricContext {
        MetricContext(dataset: dataset, organization: organization, quarter: quarter, slot: slot, partners: partners)
    }

    public var calendar: FiscalCalendar { dataset.calendar }

    /// The organisation's figures `offset` quarters from the context's quarter (0 = this quarter, -1 =
    /// the previous one, -4 = a year earlier); nil when it does not report then.
    public func financials(offset: Int = 0) -> QuarterFinancials? {
        slot.flatMap { dataset.financials(slot: $0, in: quarter.adding(offset)) }
    }

    /// The organisation's engagements active at any time in `quarter` (default: the context's): started
    /// on or before its last day and not ended before its first.
    public func engagementsActive(in quarter: Quarter? = nil) -> [Engagement] {
        guard let slot else { return [] }
        return activeEngagementIndices(in: quarter ?? self.quarter).map { dataset.engagement(at: $0, slot: slot) }
    }

    /// The organisation's engagements whose start day falls in `quarter` (default: the context's) — the
    /// quarter an engagement's value belongs to.
    public func engagementsStarting(in quarter: Quarter? = nil) -> Dataset.Engagements {
        let range = slot.map { startingRange(dataset.engagementRange($0), in: quarter ?? self.quarter) } ?? 0..<0
        return Dataset.Engagements(table: dataset.engagementTable, organization: organization.id, range: range)
    }

    /// Every engagement of the organisation, sorted by start day.
    public var engagements: [Engagement] { slot.map { Array(dataset.engagements($0)) } ?? [] }

    /// The organisation's projects launched in the quarters `from` … `through` (offsets from the
    /// context's quarter; `launches(from: -3)` is the last four quarters).
    public func launches(from startOffset: Int = 0, through endOffset: Int = 0) -> ArraySlice<Launch> {
        let first = calendar.firstDay(of: quarter.adding(startOffset))
        let last = calendar.lastDay(of: quarter.adding(endOffset))
        let all = slot.map { dataset.launchesBySlot[$0] } ?? []
        let lower = Self.partitionIndex(all) { $0.launchedOn! < first }
        let upper = Self.partitionIndex(all) { $0.launchedOn! <= last }
        return all[lower..<max(lower, upper)]
    }

    /// The partner with this id.
    public func partner(_ id: Identifier) -> Partner? { dataset.partner(id) }

    /// P(o,q): the distinct partners with at least one engagement of the organisation active in
    /// `quarter` (default: the context's), sorted by id.
    public func activePartners(in quarter: Quarter? = nil) -> [Partner] {
        activePartnerPositions(in: quarter ?? self.quarter).map { dataset.partners[Int($0)] }
    }

    /// The sectors of the active partners of the context's quarter (in the order of `activePartners()`)
    /// and of the organisation, as codes: equal codes are equal sectors (byte for byte), nil is unknown.
    /// Counting and comparing codes instead of sector texts keeps the partner metrics cheap.
    public func activePartnerSectorCodes() -> (organization: Int?, partners: [Int?]) {
        func code(_ value: Int32) -> Int? { value < 0 ? nil : Int(value) }
        let organization = slot.flatMap { code(dataset.organizationSectorCodes[$0]) }
        return (organization, activePartnerPositions.map { code(dataset.partnerSectorCodes[Int($0)]) })
    }

    /// The actor types of the active partners of the context's quarter, in the order of
    /// `activePartners()`, without copying the partners.
    public func activePartnerActorTypes() -> [ActorType] {
        activePartnerPositions.map { dataset.partnerActorTypes[Int($0)] }
    }

    /// Sorted distinct positions of the partners of the organisation's engagements active in `quarter`
    /// (the context's are kept).
    func activePartnerPositions(in quarter: Quarter) -> [Int32] {
        quarter == self.quarter
            ? activePartnerPositions
            : Self.activePartnerPositions(dataset, partners, activeEngagementIndices(in: quarter))
    }

    /// The same from the active engagements' positions (all of them the organisation's, numbered in
    /// `partners`).
    ///
    /// Beyond a few dozen engagements, by marking each partner's bit in a bitmap over the organisation's
    /// partners and reading the set bits in order, rather than sorting and dropping repeats: the standard
    /// library's sort of these positions was 8 % of a full-size portfolio report's CPU (profiled), for
    /// every organisation and quarter.
    static func activePartnerPositions(_ dataset: Dataset, _ partners: OrganizationPartners, _ engagements: [Int])
        -> [Int32]
    {
        guard engagements.count > 32 else {
            let positions = dataset.engagementPartners
            var active = engagements.map { positions[$0] }
            active.sort()
            var write = 0
            for read in active.indices where write == 0 || active[read] != active[write - 1] {
                active[write] = active[read]
                write += 1
            }
            active.removeLast(active.count - write)
            return active
        }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: partners.words) { bits in
            bits.initialize(repeating: 0)
            var distinct = 0
            for engagement in engagements {
                let number = partners.number(ofEngagementAt: engagement)
                let bit: UInt64 = 1 << UInt64(number & 63)
                if bits[number >> 6] & bit == 0 { distinct += 1 }
                bits[number >> 6] |= bit
            }
            return partners.positions(ofNumbersSetIn: UnsafeBufferPointer(bits), count: distinct)
        }
    }

    /// Appends the positions of the set bits of word `word` of a bitmap over positions, in ascending order.
    static func appendSetBits(of bits: UInt64, word: Int, to positions: inout [Int32]) {
        var remaining = bits
        while remaining != 0 {
            positions.append(Int32((word << 6) + remaining.trailingZeroBitCount))
            remaining &= remaining - 1
        }
    }

    /// The number of the organisation's engagements active in `quarter` (default: the context's) that
    /// satisfy `condition`, given each engagement with its partner.
    public func countActiveEngagements(
        in quarter: Quarter? = nil, where condition: (Engagement, Partner) -> Bool
    ) -> Int {
        guard let slot else { return 0 }
        let partners = dataset.engagementTable.columns.partners
        return activeEngagementIndices(in: quarter ?? self.quarter).count {
            condition(dataset.engagement(at: $0, slot: slot), dataset.partners[Int(partners[$0])])
        }
    }

    /// The number of the organisation's engagements active in `quarter` (default: the context's) of one
    /// of `kinds`, with a partner of one of `partnerTypes`. Cheaper than the general form, which hands a
    /// copy of each partner to its condition (a tenth of a portfolio run's time, profiled).
    public func countActiveEngagements(
        in quarter: Quarter? = nil, kinds: Set<EngagementKind>, partnerTypes: Set<ActorType>
    ) -> Int {
        // Masks by case position: `Set.contains` hashes each case's raw text (profiled at 3 % of a run).
        let kindMask = kinds.reduce(0 as UInt64) { $0 | 1 << $1.ordinal }
        let typeMask = partnerTypes.reduce(0 as UInt64) { $0 | 1 << $1.ordinal }
        let kinds = dataset.engagementTable.columns.kinds
        let partners = dataset.engagementTable.columns.partners
        return activeEngagementIndices(in: quarter ?? self.quarter).count {
            kindMask & 1 << kinds[$0].ordinal != 0
                && typeMask & 1 << dataset.partnerActorTypes[Int(partners[$0])].ordinal != 0
        }
    }

    /// vⱼ: the value of the organisation's engagements whose value belongs to `quarter` (those starting
    /// in it; default: the context's quarter), summed per partner, sorted by partner id.
    public func valueByPartner(in quarter: Quarter? = nil) -> [(partner: Partner, value: ExactDecimal)] {
        valuePerPartner(in: quarter ?? self.quarter).map { (dataset.partners[Int($0.partner)], $0.value) }
    }

    /// The values of `valueByPartner(in:)` alone, in the same order, without copying the partners (which
    /// the concentration metrics do not need: a copy per partner was most of their time, profiled).
    public func valuesByPartner(in quarter: Quarter? = nil) -> [ExactDecimal] {
        valuePerPartner(in: quarter ?? self.quarter).map(\.value)
    }

    /// Partner positions (ascending, so in id order) with the summed value of the engagements starting in
    /// `quarter`.
    func valuePerPartner(in quarter: Quarter) -> [(partner: Int32, value: ExactDecimal)] {
        guard let slot else { return [] }
        let values = dataset.engagementTable.columns.values
        let indices = dataset.engagementTable.columns.partners
        let range = startingRange(dataset.engagementRange(slot), in: quarter)
        var pairs = range.map { (partner: indices[$0], value: values[$0]) }
        pairs.sort { $0.partner < $1.partner }
        var result: [(partner: Int32, value: ExactDecimal)] = []
        for pair in pairs {
            if pair.partner == result.last?.partner {
                result[result.count - 1].value += pair.value
            } else {
                result.append(pair)
            }
        }
        return result
    }

    /// The partners whose earliest engagement with the organisation starts in `quarter` (default: the
    /// context's), sorted by id.
    public func newPartners(in quarter: Quarter? = nil) -> [Partner] {
        newPartnerPositions(in: quarter ?? self.quarter).map { dataset.partners[Int($0)] }
    }

    /// The number of `newPartners(in:)`, without copying the partners.
    public func newPartnerCount(in quarter: Quarter? = nil) -> Int {
        newPartnerPositions(in: quarter ?? self.quarter).count
    }

    /// The number of `activePartners(in:)`, without copying the partners.
    public func activePartnerCount(in quarter: Quarter? = nil) -> Int {
        activePartnerPositions(in: quarter ?? self.quarter).count
    }

    /// Sorted positions of the partners whose earliest engagement with the organisation starts in
    /// `quarter`.
    func newPartnerPositions(in quarter: Quarter) -> [Int32] {
        guard let slot else { return [] }
        let all = dataset.engagementRange(slot)
        let range = startingRange(all, in: quarter)
        guard !range.isEmpty else { return [] }
        // Engagements are sorted by start day: a partner is new when no engagement before the quarter
        // names it. The quarter's partners are marked in a bitmap over the organisation's partners and
        // each earlier engagement clears its partner's bit (hashing every earlier partner into a set was
        // 5 % of a portfolio run, profiled); what is left is read in position order (sorting the
        // candidates was a further 1 %).
        let words = partners.words
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { marked in
            marked.initialize(repeating: 0)
            for index in range {
                let number = partners.number(ofEngagementAt: index)
                marked[number >> 6] |= 1 << UInt64(number & 63)
            }
            for index in all.lowerBound..<range.lowerBound {
                let number = partners.number(ofEngagementAt: index)
                marked[number >> 6] &= ~(1 << UInt64(number & 63))
            }
            let count = marked.reduce(0) { $0 + $1.nonzeroBitCount }
            return partners.positions(ofNumbersSetIn: UnsafeBufferPointer(marked), count: count)
        }
    }

    /// Positions (in the dataset's engagement columns) of the organisation's engagements active in
    /// `quarter`.
    func activeEngagementIndices(in quarter: Quarter) -> [Int] {
        if quarter == self.quarter { return activeIndices }
        return slot.map { Self.activeEngagementIndices(dataset, $0, quarter) } ?? []
    }

    /// Positions of an organisation's engagements active in `quarter`: started on or before its last day
    /// (a binary search, engagements are sorted by start day) and not ended before its first.
    static func activeEngagementIndices(_ dataset: Dataset, _ slot: Int, _ quarter: Quarter) -> [Int] {
        let first = dataset.calendar.firstDay(of: quarter)
        let last = dataset.calendar.lastDay(of: quarter)
        let all = dataset.engagementRange(slot)
        let startedOn = dataset.engagementTable.columns.startedOn
        let endedOn = dataset.engagementTable.columns.endedOn
        let startedByEnd = partitionIndex(startedOn[all]) { $0 <= last }
        return (all.lowerBound..<startedByEnd).filter { endedOn[$0].map { $0 >= first } ?? true }
    }

    /// Positions (within `all`, positions in the engagement columns) of the engagements whose start day
    /// falls in `quarter`.
    func startingRange(_ all: Range<Int>, in quarter: Quarter) -> Range<Int> {
        let first = calendar.firstDay(of: quarter)
        let last = calendar.lastDay(of: quarter)
        let startedOn = dataset.engagementTable.columns.startedOn[all]
        let lower = Self.partitionIndex(startedOn) { $0 < first }
        let upper = Self.partitionIndex(startedOn) { $0 <= last }
        return lower..<max(lower, upper)
    }

    /// The first index whose element does not satisfy `isBefore`, for elements partitioned by it.
    static func partitionIndex<C: RandomAccessCollection>(_ array: C, _ isBefore: (C.Element) -> Bool) -> Int
    where C.Index == Int {
        var low = array.startIndex
        var high = array.endIndex
        while low < high {
            let middle = (low + high) / 2
            if isBefore(array[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
