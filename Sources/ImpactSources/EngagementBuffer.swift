import ImpactCore

/// The engagements of one part, in memory the part owns, so that they can be moved out whole.
///
/// Written by hand because an array cannot give its elements away: merging ten million engagements with
/// `append(contentsOf:)` copied each one (retaining its three ids) and releasing the part destroyed each
/// one again — on one core, 6 % of a portfolio run's CPU time (profiled). `moveAll(to:)` is one memory
/// move, after which the buffer only deallocates.
///
/// `@unchecked Sendable`: a part is filled on one thread, then read (never written) by several while the
/// repeated ids are checked, then converted and moved out on one thread; nothing writes it concurrently.
final class EngagementBuffer: RandomAccessCollection, @unchecked Sendable {
    private let base: UnsafeMutablePointer<Engagement>
    let capacity: Int
    private(set) var count = 0

    /// Room for `capacity` engagements (a part's number of records: a record gives at most one).
    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 0)
        base = .allocate(capacity: Swift.max(capacity, 1))
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Engagement {
        precondition(position >= 0 && position < count, "engagement \(position) of \(count)")
        return base[position]
    }

    func append(_ engagement: Engagement) {
        precondition(count < capacity, "more engagements than records")
        (base + count).initialize(to: engagement)
        count += 1
    }

    func setValue(_ value: ExactDecimal, at position: Int) {
        precondition(position >= 0 && position < count, "engagement \(position) of \(count)")
        base[position].value = value
    }

    /// Moves every engagement to `target` (uninitialized, with room for `count`), leaving none; returns
    /// how many.
    func moveAll(to target: UnsafeMutablePointer<Engagement>) -> Int {
        let moved = count
        target.moveInitialize(from: base, count: moved)
        count = 0
        return moved
    }
}
