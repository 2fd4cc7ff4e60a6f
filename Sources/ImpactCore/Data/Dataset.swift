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
    /// Each organisation's figures sorted by quarter: slot s's are
    /// `financialRows[financialStarts[s] ..< financialStarts[s + 1]]`. A sorted run per organisation rather
    /// than a dictionary each: building ten thousand dictionaries was 19 ms of a full-size load on one core
    /// (measured), and a dozen quarters are found by a binary search faster than by hashing.
    let financialRows: [QuarterFinancials]
    let financialStarts: [Int]
    /// Every engagement, organisation by organisation (in slot order), each organisation's sorted by start
    /// day; `engagementStarts[slot]..<engagementStarts[slot + 1]` are the organisation's. One set of
    /// columns (`EngagementColumns`), their partners as positions in `partners` — positions follow id order,
    /// so sorting them sorts by id, and the partner queries of `MetricContext` work on these integers
    /// instead of hashing and comparing id strings. The organisations column is dropped once sorted: an
    /// engagement's organisation is the slot whose range holds it.
    let engagementTable: EngagementTable
    let engagementStarts: [Int]
    /// Sectors as small codes, one code space for organisations and partners (equal codes = equal
    /// sectors, byte for byte; -1 = unknown), so that the partner metrics count and compare sectors
    /// without comparing strings for every organisation and quarter.
    let organizationSectorCodes: [Int32]
    let partnerSectorCodes: [Int32]
    /// Each partner's actor type, by position: read without copying the partner (its texts).
    let partnerActorTypes: [ActorType]
    let launchesBySlot: [[Launch]]

    /// Builds and indexes a dataset. Amounts must already be in `currency`.
    public init(
        calendar: FiscalCalendar = .calendarYear, currency: Currency = .euro,
        organizations: [Organization], partners: [Partner] = [], financials: [QuarterFinancials] = [],
        engagements: [Engagement] = [], launches: [Launch] = [], targets: [Target] = []
    ) throws(DatasetError) {
        let sortedOrganizations = organizations.sorted { $0.id < $1.id }
        let sortedPartners = partners.sorted { $0.id < $1.id }
        let (organizationSlots, partnerSlots) = try Self.slots(sortedOrganizations, sortedPartners)
        let (slots, partnerPositions) = try Self.positions(of: engagements, organizationSlots, partnerSlots)
        let columns = EngagementColumns(
            ids: engagements.map(\.id), organizations: slots, partners: partnerPositions,
            kinds: engagements.map(\.kind), startedOn: engagements.map(\.startedOn),
            endedOn: engagements.map(\.endedOn), values: engagements.map(\.value))
        try self.init(
            calendar: calendar, currency: currency, sortedOrganizations: sortedOrganizations,
            sortedPartners: sortedPartners, organizationSlots: organizationSlots, partnerSlots: partnerSlots,
            financials: financials, engagements: consume columns, launches: launches, targets: targets)
    }

    /// The same with the engagements as columns (a loader of this package, which types them so): their
    /// organisations and partners are positions in `organizationIDs` and `partnerIDs`, which must name
    /// organisations and partners of the tables given (a loader's bug otherwise, not the data's).
    package init(
        calendar: FiscalCalendar, currency: Currency, organizations: [Organization], partners: [Partner],
        financials: [QuarterFinancials], engagements: consuming EngagementColumns, organizationIDs: [Identifier],
        partnerIDs: [Identifier], launches: [Launch], targets: [Target]
    ) throws(DatasetError) {
        let sortedOrganizations = organizations.sorted { $0.id < $1.id }
        let sortedPartners = partners.sorted { $0.id < $1.id }
        let (organizationSlots, partnerSlots) = try Self.slots(sortedOrganizations, sortedPartners)
        var columns = consume engagements  // the parameter would hold every old column until the end
        Self.remap(&columns.organizations, from: organizationIDs, to: sortedOrganizations.map(\.id), organizationSlots)
        Self.remap(&columns.partners, from: partnerIDs, to: sortedPartners.map(\.id), partnerSlots)
        try self.init(
            calendar: calendar, currency: currency, sortedOrganizations: sortedOrganizations,
            sortedPartners: sortedPartners, organizationSlots: organizationSlots, partnerSlots: partnerSlots,
            financials: financials, engagements: consume columns, launches: launches, targets: targets)
    }

    /// Each organisation's and partner's position by id; an id given twice is an error.
    private static func slots(_ organizations: [Organization], _ partners: [Partner]) throws(DatasetError) -> (
        [Identifier: Int], [Identifier: Int]
    ) {
        var organizationSlots: [Identifier: Int] = [:]
        organizationSlots.reserveCapacity(organizations.count)
        for (slot, organization) in organizations.enumerated() {
            guard organizationSlots.updateValue(slot, forKey: organization.id) == nil else {
                throw .duplicateOrganization(organization.id)
            }
        }
        var partnerSlots: [Identifier: Int] = [:]
        partnerSlots.reserveCapacity(partners.count)
        for (slot, partner) in partners.enumerated() {
            guard partnerSlots.updateValue(slot, forKey: partner.id) == nil else {
                throw .duplicatePartner(partner.id)
            }
        }
        return (organizationSlots, partnerSlots)
    }

    /// Positions in `given` made positions in `own` (the dataset's sorted ids); nothing to do when the
    /// lists are the same, as a loader's are. Every position must be one of `given`'s.
    static func remap(
        _ positions: inout [Int32], from given: [Identifier], to own: [Identifier], _ slots: [Identifier: Int]
    ) {
        precondition(
            allWithin(positions, given.count), "every engagement's position names one of the ids it was found in")
        guard given != own else { return }
        let mapping = given.map { id -> Int32 in
            guard let slot = slots[id] else { preconditionFailure("'\(id)' is not in the dataset's table") }
            return Int32(slot)
        }
        for index in positions.indices { positions[index] = mapping[Int(positions[index])] }
    }

    /// The common part of both: organisations and partners sorted by id, engagements' positions their slots.
    private init(
        calendar: FiscalCalendar, currency: Currency, sortedOrganizations: [Organization], sortedPartners: [Partner],
        organizationSlots: [Identifier: Int], partnerSlots: [Identifier: Int], financials: [QuarterFinancials],
        engagements: consuming EngagementColumns, launches: [Launch], targets: [Target]
    ) throws(DatasetError) {
        self.calendar = calendar
        self.currency = currency
        self.organizations = sortedOrganizations
        self.partners = sortedPartners
        self.targets = targets

        // Each organisation's rows counted, placed in its run (a counting sort), then its run sorted by
        // quarter.
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
        var financialStarts = [0]
        financialStarts.reserveCapacity(quartersOfSlot.count + 1)
        for count in quartersOfSlot { financialStarts.append(financialStarts[financialStarts.count - 1] + count) }
        var next = financialStarts
        var placed = [Int](repeating: 0, count: financials.count)
        for (index, slot) in slotOfRow.enumerated() {
            placed[next[slot]] = index
            next[slot] += 1
        }
        var repeated = false
        for slot in quartersOfSlot.indices {
            let run = financialStarts[slot]..<financialStarts[slot + 1]
            placed[run].sort { financials[$0].quarter < financials[$1].quarter }
            for position in run.dropFirst()
            where financials[placed[position - 1]].quarter == financials[placed[position]].quarter {
                repeated = true
            }
        }
        if repeated {
            // The first row, in the order given, whose organisation has its quarter already.
            var seen = Set<[Int]>()
            for (row, slot) in zip(financials, slotOfRow) where !seen.insert([slot, row.quarter.ordinal]).inserted {
                throw .duplicateFinancials(organization: row.organization, quarter: row.quarter)
            }
        }

        // The order of the engagements (by slot, then start day, then input order) as a permutation,
        // applied to each column.
        var columns = consume engagements
        // Engagements given organisation by organisation, in the order of the sorted ids (as an export
        // sorted by organisation is): each organisation's range holds its own engagements already, so the
        // ranges can be rearranged independently, on every core, and the order before sorting by day is
        // the input's.
        let grouped = Self.isGrouped(columns.organizations)
        let starts = Self.starts(of: columns.organizations, organizations: self.organizations.count)
        var order =
            grouped
            ? Self.identity(count: columns.count) : Self.placement(of: columns.organizations, starts: starts)
        columns.organizations = []
        Self.sortRanges(&order, starts: starts, startedOn: columns.startedOn)
        // The plain columns gathered into new arrays on every core, one at a time; the ids moved in place
        // (no second array of them at the load's peak).
        columns.partners = Self.gather(columns.partners, at: order)
        columns.kinds = Self.gather(columns.kinds, at: order)
        columns.startedOn = Self.gather(columns.startedOn, at: order)
        columns.endedOn = Self.gather(columns.endedOn, at: order)
        columns.values = Self.gather(columns.values, at: order)
        if grouped {
            Self.permuteRanges(&columns.ids.slots, by: order, starts: starts)
        } else {
            Self.permute(&columns.ids.slots, by: order)
        }
        self.engagementTable = EngagementTable(columns: columns, partnerIDs: sortedPartners.map(\.id))
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
        self.financialRows = placed.map { financials[$0] }
        self.financialStarts = financialStarts
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
    /// Each engagement's organisation slot and partner position, looked up in parts on every core; the
    /// error of the first engagement with an unknown organisation or partner. (A loader of this package
    /// hands over positions it found while typing, with the columns: `init(…engagements: EngagementColumns…)`.)
    static func positions(
        of engagements: [Engagement], _ organizationSlots: [Identifier: Int], _ partnerSlots: [Identifier: Int]
    ) throws(DatasetError) -> (slots: [Int32], partners: [Int32]) {
        let parts = OrderedParallel.parts(for: engagements.count, minimum: 200_000)
        let pieces = OrderedParallel.map(parts: parts) { part -> Result<([Int32], [Int32]), DatasetError> in
            let range = OrderedParallel.range(part, of: parts, total: engagements.count)
            var slots: [Int32] = []
            var partners: [Int32] = []
            slots.reserveCapacity(range.count)
            partners.reserveCapacity(range.count)
            for index in range {
                let organization = engagements[index].organization
                guard let slot = organizationSlots[organization] else {
                    return .failure(.unknownOrganization(table: "engagements", id: organization))
                }
                let partner = engagements[index].partner
                guard let partnerPosition = partnerSlots[partner] else { return .failure(.unknownPartner(id: partner)) }
                slots.append(Int32(slot))
                partners.append(Int32(partnerPosition))
            }
            return .success((slots, partners))
        }
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
    static func gather<Value: Sendable>(_ values: [Value], at order: [Int32]) -> [Value] {
        [Value](unsafeUninitializedCapacity: order.count) { buffer, initialized in
            let parts = OrderedParallel.parts(for: order.count, minimum: 1 << 20)
            nonisolated(unsafe) let buffer = buffer  // each part writes its own range
            _ = OrderedParallel.map(parts: parts) { part in
                values.withUnsafeBufferPointer { values in
                    for index in OrderedParallel.range(part, of: parts, total: order.count) {
                        (buffer.baseAddress! + index).initialize(to: values[Int(order[index])])
                    }
                }
            }
            initialized = order.count
        }
    }

    /// Whether every position is one of `0 ..< count`, checked in parts on every core. (A function of its
    /// own so that the array passed in is not held beside the caller's, which then writes to its array
    /// without copying it.)
    static func allWithin(_ positions: [Int32], _ count: Int) -> Bool {
        let parts = OrderedParallel.parts(for: positions.count, minimum: 1 << 20)
        return !OrderedParallel.map(parts: parts) { part in
            within(positions, OrderedParallel.range(part, of: parts, total: positions.count), count)
        }.contains(false)
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
    static func sortRanges(_ order: inout [Int32], starts: [Int], startedOn: [CalendarDate]) {
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
                    for index in range {
                        let day = startedOn[Int(buffer[index])].dayNumber
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
                        // Index loops rather than `zip`: the first use of each zipped pair of types made the
                        // Swift runtime look up its iterator by name, a scan of every conformance record of
                        // the process (profiled on an SMB report).
                        for i in 0..<range.count {
                            let day = days[i]
                            sorted[counts[day - low]] = buffer[range.lowerBound + i]
                            counts[day - low] += 1
                        }
                        for i in 0..<range.count { buffer[range.lowerBound + i] = sorted[i] }
                        continue
                    }
                    keys.removeAll(keepingCapacity: true)
                    for i in 0..<range.count {
                        let position = buffer[range.lowerBound + i]
                        keys.append(UInt64(days[i] + offset) << 32 | UInt64(UInt32(bitPattern: position)))
                    }
                    keys.sort()
                    for i in 0..<range.count {
                        buffer[range.lowerBound + i] = Int32(bitPattern: UInt32(truncatingIfNeeded: keys[i]))
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

    /// The positions in the engagement columns of an organisation's engagements.
    func engagementRange(_ slot: Int) -> Range<Int> { engagementStarts[slot]..<engagementStarts[slot + 1] }

    /// An organisation's engagements, sorted by start day (indices are positions in the columns).
    func engagements(_ slot: Int) -> Engagements {
        Engagements(table: engagementTable, organization: organizations[slot].id, range: engagementRange(slot))
    }

    /// Each engagement's partner, as its position in `partners`.
    var engagementPartners: [Int32] { engagementTable.columns.partners }

    /// The engagement at `position` of the columns, of the organisation in `slot`, as a value.
    func engagement(at position: Int, slot: Int) -> Engagement {
        engagementTable.engagement(at: position, organization: organizations[slot].id)
    }

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
        organizationSlots[organization].flatMap { financials(slot: $0, in: quarter) }
    }

    /// The figures of the organisation at `slot` in a quarter in which it reports (no lookup by id: the
    /// engine asks for them for every metric of every organisation and quarter).
    func financials(slot: Int, in quarter: Quarter) -> QuarterFinancials? {
        var low = financialStarts[slot]
        var high = financialStarts[slot + 1]
        while low < high {
            let middle = (low + high) / 2
            let found = financialRows[middle].quarter
            if found == quarter { return financialRows[middle] }
            if found < quarter { low = middle + 1 } else { high = middle }
        }
        return nil
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
        organizationSlots[organization].map {
            financialRows[financialStarts[$0]..<financialStarts[$0 + 1]].map(\.quarter)
        }
            ?? []
    }

    /// The latest quarter in which at least one organisation reports.
    public var latestReportedQuarter: Quarter? {
        financialRows.lazy.map(\.quarter).max()
    }

    /// How many organisations report in each quarter in which any does (one pass over what each
    /// reports, rather than a lookup for every organisation and quarter).
    public var reportingCounts: [Quarter: Int] {
        var counts: [Quarter: Int] = [:]
        for row in financialRows { counts[row.quarter, default: 0] += 1 }
        return counts
    }

    /// Every fiscal quarter in which at least one organisation reports, sorted.
    public var reportedQuarters: [Quarter] {
        reportingCounts.keys.sorted()
    }

    /// Number of engagement records.
    public var engagementCount: Int { engagementTable.columns.count }
}
