import ImpactCore

/// One part's window of the engagements array being built: the part's engagements are typed straight
/// into their place in the one array the dataset keeps.
///
/// Written by hand because an array cannot be filled from several threads, nor give its elements away:
/// typed into an array per part, ten million engagements were then moved into the dataset's array on one
/// core (0.6 s of a portfolio run and a second copy's worth of fresh memory, profiled). A window is the
/// part's range of the array's uninitialized storage (`Array(unsafeUninitializedCapacity:)`); it never
/// owns what it holds: the array's initializer closes the gaps left by rows that gave no engagement
/// (`moveAll(to:)`) and counts what is initialized. A window must not be used after that closure.
///
/// `@unchecked Sendable`: a part is filled on one thread, then read (never written) by several while the
/// repeated ids are checked, then converted and moved on one thread; windows never overlap.
final class EngagementBuffer: RandomAccessCollection, @unchecked Sendable {
    private let base: UnsafeMutablePointer<Engagement>
    let capacity: Int
    /// Unchecked: a class's stored `var` is otherwise checked for overlapping access at run time on every
    /// append (`swift_beginAccess`, 3 % of typing ten million engagements, profiled); a window has one
    /// writer, as said above.
    @exclusivity(unchecked) private(set) var count = 0

    /// The uninitialized memory at `base` with room for `capacity` engagements (a part's number of
    /// records: a record gives at most one).
    init(base: UnsafeMutablePointer<Engagement>, capacity: Int) {
        self.base = base
        self.capacity = Swift.max(capacity, 0)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Engagement {
        precondition(position >= 0 && position < count, "engagement \(position) of \(count)")
        return base[position]
    }

    func append(_ engagement: consuming Engagement) {
        precondition(count < capacity, "more engagements than records")
        (base + count).initialize(to: engagement)
        count += 1
    }

    func setValue(_ value: ExactDecimal, at position: Int) {
        precondition(position >= 0 && position < count, "engagement \(position) of \(count)")
        base[position].value = value
    }

    /// Moves every engagement to `target` (uninitialized, with room for `count`; it may be this window's
    /// own start or overlap it from below), leaving none; returns how many.
    func moveAll(to target: UnsafeMutablePointer<Engagement>) -> Int {
        let moved = count
        precondition(target <= base, "engagements move down, towards the array's start")
        if target != base { target.moveInitialize(from: base, count: moved) }
        count = 0
        return moved
    }
}
