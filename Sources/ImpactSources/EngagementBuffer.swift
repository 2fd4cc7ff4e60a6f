import ImpactCore

/// One part's window of the engagement columns being built (`EngagementColumns.make`): the part's
/// engagements are typed straight into their place in the columns the dataset keeps.
///
/// Written by hand because an array cannot be filled from several threads, nor give its elements away:
/// typed into an array per part, ten million engagements were then moved into the dataset's array on one
/// core (0.6 s of a portfolio run and a second copy's worth of fresh memory, profiled), and the positions,
/// 80 MB, were joined on one core after typing (profiled). A window is the part's range of each column's
/// uninitialized storage; it never owns what it holds: the columns' maker closes the gaps left by rows
/// that gave no engagement (`moveAll(to:)`) and counts what is initialized. A window must not be used after
/// that.
///
/// `@unchecked Sendable`: a part is filled on one thread, then read (never written) by several while the
/// repeated ids are checked, then converted and moved on one thread; windows never overlap.
final class EngagementBuffer: @unchecked Sendable {
    typealias Storage = EngagementColumns.Storage

    private let base: Storage
    let capacity: Int
    /// The index of this part's text of long ids (`EngagementIDs`), unique among the load's parts.
    let textIndex: Int
    /// The bytes of this part's ids longer than a slot holds, one after another. Unchecked, as `count`
    /// below: every engagement's id passes through it (`slot(of:)`), and its check was 1.4 % of reading a
    /// million engagements (profiled).
    @exclusivity(unchecked) private(set) var longIDs: [UInt8] = []
    /// Unchecked: a class's stored `var` is otherwise checked for overlapping access at run time on every
    /// append (`swift_beginAccess`, 3 % of typing ten million engagements, profiled); a window has one
    /// writer, as said above.
    @exclusivity(unchecked) private(set) var count = 0

    /// The uninitialized memory at `base` with room for `capacity` engagements (a part's number of
    /// records: a record gives at most one).
    init(base: Storage, capacity: Int, textIndex: Int) {
        self.base = base
        self.capacity = Swift.max(capacity, 0)
        self.textIndex = textIndex
    }

    /// The slot of an id given as its bytes (nil: none), a long one's bytes added to this part's text.
    func slot(of bytes: UnsafeBufferPointer<UInt8>?) -> EngagementIDs.Slot {
        if let bytes, bytes.count > EngagementIDs.Slot.inlineCapacity, longIDs.isEmpty {
            // Room, at the first long id, for as many of its length as the part has records left: ids of
            // an export are mostly of one length, and room never written takes no memory (pages are given
            // only when touched), where growing by doubling copied the text about twice over. At most
            // 32 MiB of room (ten million 36-byte ids in 16 parts need 25 MiB each; the system is asked
            // for no more than that whatever the first id is: one of megabytes is not what the others are).
            longIDs.reserveCapacity(min((capacity - count) * (bytes.count + bytes.count / 8), 1 << 25))
        }
        return EngagementIDs.Slot(bytes, text: &longIDs, index: textIndex)
    }

    /// The slot of an id.
    func slot(of id: Identifier?) -> EngagementIDs.Slot {
        guard var text = id?.rawValue else { return .absent }
        return text.withUTF8 { slot(of: $0) }
    }

    private func check(_ position: Int) {
        precondition(position >= 0 && position < count, "engagement \(position) of \(count)")
    }

    func id(at position: Int) -> Identifier? {
        check(position)
        return base.ids[position].identifier { index in
            precondition(index == textIndex, "a part's slots name its own text")
            return longIDs
        }
    }

    func startedOn(at position: Int) -> CalendarDate {
        check(position)
        return base.startedOn[position]
    }

    func value(at position: Int) -> ExactDecimal {
        check(position)
        return base.values[position]
    }

    /// The positions of engagement `position`'s organisation and partner.
    func positions(at position: Int) -> (organization: Int32, partner: Int32) {
        check(position)
        return (base.organizations[position], base.partners[position])
    }

    /// The organisation position of the last engagement, -1 before the first.
    var lastOrganization: Int32 { count > 0 ? base.organizations[count - 1] : -1 }

    @inline(__always)
    func append(
        id: EngagementIDs.Slot, organization: Int32, partner: Int32, kind: EngagementKind, startedOn: CalendarDate,
        endedOn: CalendarDate?, value: ExactDecimal
    ) {
        precondition(count < capacity, "more engagements than records")
        // Column by column here rather than through `Storage.initialize`: a call into the core's module
        // is not inlined, and made a storage of seven pointers for every line (4 % of typing, profiled).
        (base.ids + count).initialize(to: id)
        (base.organizations + count).initialize(to: organization)
        (base.partners + count).initialize(to: partner)
        (base.kinds + count).initialize(to: kind)
        (base.startedOn + count).initialize(to: startedOn)
        (base.endedOn + count).initialize(to: endedOn)
        (base.values + count).initialize(to: value)
        count += 1
    }

    func setValue(_ value: ExactDecimal, at position: Int) {
        check(position)
        base.values[position] = value
    }

    /// Moves every engagement to `target` (uninitialized, with room for `count`; it may be this window's
    /// own start or overlap it from below), leaving none; returns how many.
    func moveAll(to target: Storage) -> Int {
        let moved = count
        precondition(target.ids <= base.ids, "engagements move down, towards the columns' start")
        if target.ids != base.ids { target.moveInitialize(from: base, count: moved) }
        count = 0
        return moved
    }
}
