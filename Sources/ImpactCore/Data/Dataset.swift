/// The canonical tables of one workspace, in the base currency, indexed for the queries metrics make.
///
/// Organisations and partners are sorted by id (code-point order). Per organisation, engagements are
/// sorted by start day and launches by launch day, so that "starting in a quarter" and "launched in a
/// quarter" are binary searches.
public struct Dataset: Sendable {
    public let calendar: FiscalCalendar
    /// The base currency every amount is in.
    public let currency: Currency
    /// Sorted by id.
    public let organizations: [Organization]
    /// Sorted by id.
    public let partners: [Partner]
    public let targets: [Target]

    let organizationSlots: [Identifier: Int]
    let partnerSlots: [Identifier: Int]
    let financialsBySlot: [[Quarter: QuarterFinancials]]
    /// Every engagement, organisation by organisation (in slot order), each organisation's sorted by start
    /// day; `engagementStarts[slot]..<engagementStarts[slot + 1]` are the organisation's. One array, sorted
    /// in place: at ten million rows the engagements are the largest thing held, and gathering them into
    /// an array per organisation held two copies at once (the peak memory of a portfolio run).
    let engagementStore: [Engagement]
    let engagementStarts: [Int]
    /// Aligned with `engagementStore`: each engagement's partner as its position in `partners`.
    /// Positions follow id order, so sorting them sorts by id; the partner queries of `MetricContext`
    /// work on these integers instead of hashing and comparing id strings.
    let engagementPartners: [Int32]
    /// Sectors as small codes, one code space for organisations and partners (equal codes = equal
    /// sectors, byte for byte; -1 = unknown), so that the partner metrics count and compare sectors
    /// without comparing strings for every organisation and quarter.
    let organizationSectorCodes: [Int32]
    let partnerSectorCodes: [Int32]
    /// Each partner's actor type, by position: read without copying the partner (its texts).
    let partnerActorTypes: [ActorType]
    let launchesBySlot: [[Launch]]

    /// Where a loader found each engagement's organisation and partner: positions in the tables sorted by
    /// id (-1 when not known). The dataset checks each by comparing ids — no hashing — and looks up any
    /// that does not match.
    public struct EngagementPositions: Sendable {
        public let organizations: [Int32]
        public let partners: [Int32]
        /// The id lists the positions count in, when each position was found by comparing its engagement's
        /// id with the list's (a loader of this package): the dataset then checks that the lists are its
        /// own and the positions within them, not each engagement's ids again. Comparing ten million
        /// engagements' ids with the ids at their positions was a tenth of a second of a full-size load on
        /// both cores (profiled); debug builds, which the tests run, still compare every one.
        package let foundIn: (organizations: [Identifier], partners: [Identifier])?

        public init(organizations: [Int32], partners: [Int32]) {
            self.organizations = organizations
            self.partners = partners
            self.foundIn = nil
        }

        package init(
            organizations: [Int32], partners: [Int32], foundIn organizationIDs: [Identifier],
            _ partnerIDs: [Identifier]
        ) {
            self.organizations = organizations
            self.partners = partners
            self.foundIn = (organizationIDs, partnerIDs)
        }
    }

    /// Builds and indexes a dataset. Amounts must already be in `currency`. `engagementPositions`, when
    /// given, are aligned with `engagements` (see `EngagementPositions`).
    public init(
        calendar: FiscalCalendar = .calendarYear, currency: Currency = .euro,
        organizations: [Organization], partners: [Partner] = [], financials: [QuarterFinancials] = [],
        engagements: consuming [Engagement] = [], engagementPositions: EngagementPositions? = nil,
        launches: [Launch] = [], targets: [Target] = []
    ) throws(DatasetError) {
        self.calendar = calendar
        self.currency = currency
        self.organizations = organizations.sorted { $0.id < $1.id }
        self.partners = partners.sorted { $0.id < $1.id }
        self.targets = targets

        var organizationSlots: [Identifier: Int] = [:]
        organizationSlots.reserveCapacity(self.organizations.count)
        for (slot, organization) in self.organizations.enumerated() {
            guard organizationSlots.updateValue(slot, forKey: organization.id) == nil else {
                throw .duplicateOrganization(organization.id)
            }
        }
        var partnerSlots: [Identifier: Int] = [:]
        partnerSlots.reserveCapacity(self.partners.count)
        for (slot, partner) in self.partners.enumerated() {
            guard partnerSlots.updateValue(slot, forKey: partner.id) == nil else {
                throw .duplicatePartner(partner.id)
            }
        }

        // Each organisation's quarters counted first, so that its dictionary is made at its size once
        // rather than grown (four reallocations for twelve quarters, for each of 10,000 organisations).
        var slotOfRow: [Int] = []
        slotOfRow.reserveCapacity(financials.count)
        var quartersOfSlot = [Int](repeating: 0, count: self.organizations.count)
        for row in financials {
            guard let slot = organizationSlots[row.organization] else {
                throw .unknownOrganization(table: "financials", id: row.organization)
            }
            slotOfRow.append(slot)
            quartersOfSlot[slot] += 1
        }
        var financialsBySlot = quartersOfSlot.map { [Quarter: QuarterFinancials](minimumCapacity: $0) }
        for (row, slot) in zip(financials, slotOfRow) {
            guard financialsBySlot[slot].updateValue(row, forKey: row.quarter) == nil else {
                throw .duplicateFinancials(organization: row.organization, quarter: row.quarter)
            }
        }

        // Each engagement's organisation slot and partner position first (one lookup each); then the
        // order of the store (by slot, then start day, then input order) as a permutation, applied to
        // the engagements in place.
        var store = consume engagements
        var (slots, partnerIndices) = try Self.positions(
            of: store, self.organizations, self.partners, organizationSlots, partnerSlots, hints: engagementPositions)
        // Engagements given organisation by organisation, in the order of the sorted ids (as an export
        // sorted by organisation is): each organisation's range of the store holds its own engagements
        // already, so the ranges can be rearranged independently, on every core, and the order before
        // sorting by day is the input's.
        let grouped = Self.isGrouped(slots)
        let starts = Self.starts(of: slots, organizations: self.organizations.count)
        var order = grouped ? Self.identity(count: store.count) : Self.placement(of: slots, starts: starts)
        slots = []
        Self.sortRanges(&order, starts: starts, engagements: store)
        self.engagementPartners = Self.gather(partnerIndices, at: order)
        partnerIndices = []
        if grouped {
            Self.permuteRanges(&store, by: order, starts: starts)
        } else {
            Self.permute(&store, by: order)
        }
        self.engagementStore = store
        self.engagementStarts = starts

        var launchesBySlot = [[Launch]](repeating: [], count: self.organizations.count)
        for launch in launches {
            guard let slot = organizationSlots[launch.organization] else {
                throw .unknownOrganization(table: "launches", id: launch.organization)
            }
            if launch.launchedOn != nil { launchesBySlot[slot].append(launch) }
        }
        for slot in launchesBySlot.indices {
            launchesBySlot[slot].sort { $0.launchedOn! < $1.launchedOn! }
        }
        for target in targets {
            if let organization = target.organization, organizationSlots[organization] == nil {
                throw .unknownOrganization(table: "targets", id: organization)
            }
        }

        self.organizationSlots = organizationSlots
        self.partnerSlots = partnerSlots
        self.financialsBySlot = financialsBySlot
        var sectorCodes: [Identifier: Int32] = [:]
        func code(_ sector: Identifier?) -> Int32 {
            guard let sector else { return -1 }
            if let known = sectorCodes[sector] { return known }
            let new = Int32(sectorCodes.count)
            sectorCodes[sector] = new
            return new
        }
        self.organizationSectorCodes = self.organizations.map { code($0.sector) }
        self.partnerSectorCodes = self.partners.map { code($0.sector) }
        self.partnerActorTypes = self.partners.map(\.actorType)
        self.launchesBySlot = launchesBySlot
    }
}

extension Dataset {
    /// Each engagement's organisation slot and partner position, looked up in parts on every core (two
    /// dictionary lookups for each of ten million engagements were a single-core step of the load); the
    /// error of the first engagement with an unknown organisation or partner.
    static func positions(
        of engagements: [Engagement], _ organizations: [Organization], _ partnerTable: [Partner],
        _ organizationSlots: [Identifier: Int], _ partnerSlots: [Identifier: Int], hints: EngagementPositions?
    ) throws(DatasetError) -> (slots: [Int32], partners: [Int32]) {
        if let hints {
            precondition(
                hints.organizations.count == engagements.count && hints.partners.count == engagements.count,
                "a position per engagement")
        }
        let parts = OrderedParallel.parts(for: engagements.count, minimum: 200_000)
        // The ids alone: comparing against `organizations[hint].id` copied (and retained) a whole record.
        let organizationIDs = organizations.map(\.id)
        let partnerIDs = partnerTable.map(\.id)
        // Positions found by comparing ids, in lists that are the dataset's: the positions themselves.
        if let hints, let found = hints.foundIn, found.organizations == organizationIDs,
            found.partners == partnerIDs,
            !OrderedParallel.map(
                parts: parts,
                { part in
                    let range = OrderedParallel.range(part, of: parts, total: engagements.count)
                    return within(hints.organizations, range, organizationIDs.count)
                        && within(hints.partners, range, partnerIDs.count)
                }
            ).contains(false)
        {
            assert(
                engagements.indices.allSatisfy { index in
                    hintHolds(hints.organizations[index], engagements[index].organization, organizationIDs)
                        && hintHolds(hints.partners[index], engagements[index].partner, partnerIDs)
                }, "positions found by comparing ids name their engagements' ids")
            return (hints.organizations, hints.partners)
        }
        // Hints that all name their engagement's ids are the positions themselves: checked on every core
        // and returned as they are, rather than copied into new arrays part by part and joined on one core
        // (0.1 s at full size, measured).
        if let hints {
            let hold = OrderedParallel.map(parts: parts) { part in
                let range = OrderedParallel.range(part, of: parts, total: engagements.count)
                return range.allSatisfy { index in
                    hintHolds(hints.organizations[index], engagements[index].organization, organizationIDs)
                        && hintHolds(hints.partners[index], engagements[index].partner, partnerIDs)
                }
            }
            if !hold.contains(false) { return (hints.organizations, hints.partners) }
        }
        let pieces = OrderedParallel.map(parts: parts) { part -> Result<([Int32], [Int32]), DatasetError> in
            let range = OrderedParallel.range(part, of: parts, total: engagements.count)
            var slots: [Int32] = []
            var partners: [Int32] = []
            slots.reserveCapacity(range.count)
            partners.reserveCapacity(range.count)
            /// The hint when it names the same id, else a lookup; nil when unknown.
            func position(_ id: Identifier, hint: Int32?, ids: [Identifier], slots: [Identifier: Int]) -> Int32? {
                if let hint, hintHolds(hint, id, ids) { return hint }
                return slots[id].map(Int32.init)
            }
            for index in range {
                let organization = engagements[index].organization
                guard
                    let slot = position(
                        organization, hint: hints?.organizations[index], ids: organizationIDs, slots: organizationSlots)
                else { return .failure(.unknownOrganization(table: "engagements", id: organization)) }
                let partner = engagements[index].partner
                guard
                    let partnerPosition = position(
                        partner, hint: hints?.partners[index], ids: partnerIDs, slots: partnerSlots)
                else { return .failure(.unknownPartner(id: partner)) }
                slots.append(slot)
                partners.append(partnerPosition)
            }
            return .success((slots, partners))
        }
        guard pieces.count != 1 else { return try pieces[0].get() }
        var slots: [Int32] = []
        var partners: [Int32] = []
        slots.reserveCapacity(engagements.count)
        partners.reserveCapacity(engagements.count)
        for piece in pieces {
            let (partSlots, partPartners) = try piece.get()
            slots += partSlots
            partners += partPartners
        }
        return (slots, partners)
    }

    /// Whether the slots never decrease. The loops over ten million engagements' slots here and below
    /// read and write through buffers: on arrays, each write checked the array's uniqueness, and the
    /// steps ran on one core after the parallel ones (a tenth of a second of the load, profiled).
    static func isGrouped(_ slots: [Int32]) -> Bool {
        slots.withUnsafeBufferPointer { slots in
            var previous = Int32.min
            for slot in slots {
                if slot < previous { return false }
                previous = slot
            }
            return true
        }
    }

    /// Where each organisation's engagements start in the store, and its end: `starts[s] ..< starts[s + 1]`.
    static func starts(of slots: [Int32], organizations: Int) -> [Int] {
        var starts = [Int](repeating: 0, count: organizations + 1)
        starts.withUnsafeMutableBufferPointer { starts in
            slots.withUnsafeBufferPointer { slots in
                for slot in slots { starts[Int(slot) + 1] += 1 }
            }
            for slot in 0..<organizations { starts[slot + 1] += starts[slot] }
        }
        return starts
    }

    /// `0, 1, 2, …`: the order of engagements that are grouped already, filled on every core.
    static func identity(count: Int) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            let parts = OrderedParallel.parts(for: count, minimum: 1 << 20)
            nonisolated(unsafe) let buffer = buffer  // each part writes its own range
            _ = OrderedParallel.map(parts: parts) { part in
                for index in OrderedParallel.range(part, of: parts, total: count) { buffer[index] = Int32(index) }
            }
            initialized = count
        }
    }

    /// The positions of the engagements, organisation by organisation (in slot order), each organisation's
    /// in input order: a counting sort of the slots.
    static func placement(of slots: [Int32], starts: [Int]) -> [Int32] {
        var next = starts
        return [Int32](unsafeUninitializedCapacity: slots.count) { order, initialized in
            next.withUnsafeMutableBufferPointer { next in
                slots.withUnsafeBufferPointer { slots in
                    for (index, slot) in slots.enumerated() {
                        order[next[Int(slot)]] = Int32(index)
                        next[Int(slot)] += 1
                    }
                }
            }
            initialized = slots.count
        }
    }

    /// `values[order[k]]` for each k, gathered on every core.
    static func gather(_ values: [Int32], at order: [Int32]) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: order.count) { buffer, initialized in
            let parts = OrderedParallel.parts(for: order.count, minimum: 1 << 20)
            nonisolated(unsafe) let buffer = buffer  // each part writes its own range
            _ = OrderedParallel.map(parts: parts) { part in
                values.withUnsafeBufferPointer { values in
                    for index in OrderedParallel.range(part, of: parts, total: order.count) {
                        buffer[index] = values[Int(order[index])]
                    }
                }
            }
            initialized = order.count
        }
    }

    /// Whether every position of `positions[range]` is one of `0 ..< count`.
    static func within(_ positions: [Int32], _ range: Range<Int>, _ count: Int) -> Bool {
        positions.withUnsafeBufferPointer { positions in
            // The largest, without an early exit, so that the loop is a vector one (a bad position is a
            // loader's bug, not data); -1 reads as the largest of all.
            var largest: UInt32 = 0
            for index in range { largest = max(largest, UInt32(bitPattern: positions[index])) }
            return range.isEmpty || largest < UInt32(count)
        }
    }

    /// Whether a position hint names `id` among `ids` (compared, not hashed).
    static func hintHolds(_ hint: Int32, _ id: Identifier, _ ids: [Identifier]) -> Bool {
        ids.indices.contains(Int(hint)) && ids[Int(hint)] == id
    }

    /// Sorts each organisation's range of `order` (positions in `engagements`, ascending within each
    /// range as the caller builds them) by start day, ties in input order, the organisations shared out
    /// over every core (the ranges do not overlap).
    ///
    /// A range whose days span little more than it has engagements (a few years of quarterly data) is
    /// counted into place by day: stable, so ties keep their input order, and linear; the comparison sort
    /// of packed keys it replaced was a tenth of a full-size load (profiled). Other ranges sort each
    /// position as one integer with its start day (32 bits, as `CalendarDate` keeps it) above it: a
    /// comparison closure reading two engagements for every comparison took twice as long (profiled).
    /// Both give the same order.
    static func sortRanges(_ order: inout [Int32], starts: [Int], engagements: [Engagement]) {
        let organizations = starts.count - 1
        let parts = OrderedParallel.parts(for: organizations, minimum: 64)
        let offset = 1 << 31
        order.withUnsafeMutableBufferPointer { buffer in
            // Each part writes only its own organisations' ranges of the buffer.
            nonisolated(unsafe) let buffer = buffer
            _ = OrderedParallel.map(parts: parts) { part in
                var days: [Int] = []
                var counts: [Int] = []
                var sorted: [Int32] = []
                var keys: [UInt64] = []
                for slot in OrderedParallel.range(part, of: parts, total: organizations) {
                    let range = starts[slot]..<starts[slot + 1]
                    guard range.count > 1 else { continue }
                    days.removeAll(keepingCapacity: true)
                    var (low, high) = (Int.max, Int.min)
                    for position in buffer[range] {
                        let day = engagements[Int(position)].startedOn.dayNumber
                        days.append(day)
                        low = min(low, day)
                        high = max(high, day)
                    }
                    if high - low < 4 * range.count + 1024 {
                        counts.removeAll(keepingCapacity: true)
                        counts.append(contentsOf: repeatElement(0, count: high - low + 2))
                        for day in days { counts[day - low + 1] += 1 }
                        for index in 1..<counts.count { counts[index] += counts[index - 1] }
                        sorted.removeAll(keepingCapacity: true)
                        sorted.append(contentsOf: repeatElement(0, count: range.count))
                        for (day, position) in zip(days, buffer[range]) {
                            sorted[counts[day - low]] = position
                            counts[day - low] += 1
                        }
                        for (index, position) in zip(range, sorted) { buffer[index] = position }
                        continue
                    }
                    keys.removeAll(keepingCapacity: true)
                    for (day, position) in zip(days, buffer[range]) {
                        keys.append(UInt64(day + offset) << 32 | UInt64(UInt32(bitPattern: position)))
                    }
                    keys.sort()
                    for (index, key) in zip(range, keys) {
                        buffer[index] = Int32(bitPattern: UInt32(truncatingIfNeeded: key))
                    }
                }
            }
        }
    }

    /// `permute` for an order that keeps each organisation's range within itself (every position of
    /// `order[starts[s] ..< starts[s + 1]]` lies in that range): the ranges rearranged on every core,
    /// each through a buffer of its own size.
    static func permuteRanges<Element>(_ elements: inout [Element], by order: [Int32], starts: [Int]) {
        precondition(order.count == elements.count)
        let organizations = starts.count - 1
        let parts = OrderedParallel.parts(for: organizations, minimum: 64)
        elements.withUnsafeMutableBufferPointer { elements in
            // Each part moves only within its own organisations' ranges.
            guard let start = elements.baseAddress else { return }
            nonisolated(unsafe) let base = start
            _ = OrderedParallel.map(parts: parts) { part in
                let slots = OrderedParallel.range(part, of: parts, total: organizations)
                let largest = slots.map { starts[$0 + 1] - starts[$0] }.max() ?? 0
                let moved = UnsafeMutablePointer<Element>.allocate(capacity: max(largest, 1))
                defer { moved.deallocate() }
                for slot in slots {
                    let range = starts[slot]..<starts[slot + 1]
                    guard range.count > 1 else { continue }
                    moved.moveInitialize(from: base + range.lowerBound, count: range.count)
                    for index in range {
                        let source = Int(order[index])
                        precondition(range.contains(source), "a position outside its organisation's range")
                        (base + index).moveInitialize(from: moved + (source - range.lowerBound), count: 1)
                    }
                }
            }
        }
    }

    /// Rearranges `elements` so that `elements[k]` becomes the old `elements[order[k]]`, in place (cycle
    /// by cycle, with a bit per element), so that no second copy of the elements is ever held.
    static func permute<Element>(_ elements: inout [Element], by order: [Int32]) {
        precondition(order.count == elements.count)
        // Values are moved, not copied (a copy retains and the overwritten value is released, for each of
        // ten million engagements); a bit per element marks the placed ones.
        var placed = [UInt64](repeating: 0, count: (elements.count + 63) / 64)
        elements.withUnsafeMutableBufferPointer { elements in
            guard let base = elements.baseAddress else { return }
            for start in elements.indices where placed[start >> 6] & (1 << UInt64(start & 63)) == 0 {
                let first = (base + start).move()
                var position = start
                while true {
                    placed[position >> 6] |= 1 << UInt64(position & 63)
                    let source = Int(order[position])
                    if source == start {
                        (base + position).initialize(to: first)
                        break
                    }
                    (base + position).moveInitialize(from: base + source, count: 1)
                    position = source
                }
            }
        }
    }

    /// The positions in `engagementStore` of an organisation's engagements.
    func engagementRange(_ slot: Int) -> Range<Int> { engagementStarts[slot]..<engagementStarts[slot + 1] }

    /// An organisation's engagements, sorted by start day (indices are positions in `engagementStore`).
    func engagements(_ slot: Int) -> ArraySlice<Engagement> { engagementStore[engagementRange(slot)] }

    /// The organisation with this id.
    public func organization(_ id: Identifier) -> Organization? {
        organizationSlots[id].map { organizations[$0] }
    }

    /// The partner with this id.
    public func partner(_ id: Identifier) -> Partner? {
        partnerSlots[id].map { partners[$0] }
    }

    /// The figures of an organisation in a quarter in which it reports; nil when it does not report.
    public func financials(of organization: Identifier, in quarter: Quarter) -> QuarterFinancials? {
        organizationSlots[organization].flatMap { financialsBySlot[$0][quarter] }
    }

    /// Whether an organisation reports in a quarter (has a quarter row or all three month rows).
    public func reports(_ organization: Identifier, in quarter: Quarter) -> Bool {
        financials(of: organization, in: quarter) != nil
    }

    /// Every engagement of an organisation, sorted by start day.
    public func engagements(of organization: Identifier) -> [Engagement] {
        organizationSlots[organization].map { Array(engagements($0)) } ?? []
    }

    /// Every launched project of an organisation, sorted by launch day.
    public func launches(of organization: Identifier) -> [Launch] {
        organizationSlots[organization].map { launchesBySlot[$0] } ?? []
    }

    /// The quarters in which each organisation reports, sorted.
    public func reportedQuarters(of organization: Identifier) -> [Quarter] {
        organizationSlots[organization].map { financialsBySlot[$0].keys.sorted() } ?? []
    }

    /// The latest quarter in which at least one organisation reports.
    public var latestReportedQuarter: Quarter? {
        financialsBySlot.compactMap { $0.keys.max() }.max()
    }

    /// How many organisations report in each quarter in which any does (one pass over what each
    /// reports, rather than a lookup for every organisation and quarter).
    public var reportingCounts: [Quarter: Int] {
        var counts: [Quarter: Int] = [:]
        for quarters in financialsBySlot {
            for quarter in quarters.keys { counts[quarter, default: 0] += 1 }
        }
        return counts
    }

    /// Every fiscal quarter in which at least one organisation reports, sorted.
    public var reportedQuarters: [Quarter] {
        reportingCounts.keys.sorted()
    }

    /// Number of engagement records.
    public var engagementCount: Int { engagementStore.count }
}
