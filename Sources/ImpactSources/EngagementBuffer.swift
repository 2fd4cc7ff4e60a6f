import ImpactCore

/// One part's window of the engagements array being built, and of the two arrays of their organisations'
/// and partners' positions: the part's engagements are typed straight into their place in the arrays the
/// dataset keeps.
///
/// Written by hand because an array cannot be filled from several threads, nor give its elements away:
/// typed into an array per part, ten million engagements were then moved into the dataset's array on one
/// core (0.6 s of a portfolio run and a second copy's worth of fresh memory, profiled), and the positions,
/// 80 MB, were joined on one core after typing (profiled). A window is the part's range of each array's
/// uninitialized storage (`Array(unsafeUninitializedCapacity:)`); it never owns what it holds: the
/// arrays' initializers close the gaps left by rows that gave no engagement (`moveAll(to:)`) and count
/// what is initialized. A window must not be used after those closures.
///
/// `@unchecked Sendable`: a part is filled on one thread, then read (never written) by several while the
/// repeated ids are checked, then converted and moved on one thread; windows never overlap.
final class EngagementBuffer: RandomAccessCollection, @unchecked Sendable {
    /// Where the engagements, their organisations' positions and their partners' positions go.
    struct Storage {
        let engagements: UnsafeMutablePointer<Engagement>
        let organizations: UnsafeMutablePointer<Int32>
        let partners: UnsafeMutablePointer<Int32>

        /// The storage `offset` elements further on, in all three.
        func advanced(by offset: Int) -> Storage {
            Storage(
                engagements: engagements + offset, organizations: organizations + offset, partners: partners + offset)
        }
    }

    private let base: Storage
    let capacity: Int
    /// Unchecked: a class's stored `var` is otherwise checked for overlapping access at run time on every
    /// append (`swift_beginAccess`, 3 % of typing ten million engagements, profiled); a window has one
    /// writer, as said above.
    @exclusivity(unchecked) private(set) var count = 0

    /// The uninitialized memory at `base` with room for `capacity` engagements and positions (a part's
    /// number of records: a record gives at most one).
    init(base: Storage, capacity: Int) {
        self.base = base
        self.capacity = Swift.max(capacity, 0)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Engagement {
        precondition(position >= 0 && position < count, "engagement \(position) of \(count)")
        return base.engagements[position]
    }

    /// The positions of engagement `position`'s organisation and partner.
    func positions(at position: Int) -> (organization: Int32, partner: Int32) {
        precondition(position >= 0 && position < count, "engagement \(position) of \(count)")
        return (base.organizations[position], base.partners[position])
    }

    /// The organisation position of the last engagement, -1 before the first.
    var lastOrganization: Int32 { count > 0 ? base.organizations[count - 1] : -1 }

    func append(_ engagement: consuming Engagement, organization: Int32, partner: Int32) {
        precondition(count < capacity, "more engagements than records")
        (base.engagements + count).initialize(to: engagement)
        base.organizations[count] = organization
        base.partners[count] = partner
        count += 1
    }

    func setValue(_ value: ExactDecimal, at position: Int) {
        precondition(position >= 0 && position < count, "engagement \(position) of \(count)")
        base.engagements[position].value = value
    }

    /// Moves every engagement and its positions to `target` (uninitialized, with room for `count`; it may
    /// be this window's own start or overlap it from below), leaving none; returns how many.
    func moveAll(to target: Storage) -> Int {
        let moved = count
        precondition(target.engagements <= base.engagements, "engagements move down, towards the arrays' start")
        if target.engagements != base.engagements {
            target.engagements.moveInitialize(from: base.engagements, count: moved)
            target.organizations.moveInitialize(from: base.organizations, count: moved)
            target.partners.moveInitialize(from: base.partners, count: moved)
        }
        count = 0
        return moved
    }
}
