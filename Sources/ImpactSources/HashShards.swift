/// The hashes of one part's engagement ids (`IdentifierTable.hash`), in buckets by shard (the hash modulo
/// `count`), appended as each line is typed and read by the repeated-id check
/// (`CanonicalLoader.repeatedHashes`).
///
/// Written by hand because every append to an array checks at run time that its buffer is not shared
/// (`swift_isUniquelyReferenced_nonNull_native`, not inlined), twice for an array of arrays: those checks
/// were 2.5 % of `impact validate`'s CPU at full size (profiled). A bucket grows by doubling, which is
/// rare: each starts with room for its expected share.
///
/// `@unchecked Sendable`: filled on one thread, then only read (by several), like the part that holds it.
final class HashShards: @unchecked Sendable {
    /// The number of buckets (at least 1).
    let count: Int
    private let bases: UnsafeMutablePointer<UnsafeMutablePointer<Int>>
    private let counts: UnsafeMutablePointer<Int>
    private let capacities: UnsafeMutablePointer<Int>

    /// `shards` buckets (at least 1), each with room for `expected` hashes.
    init(shards: Int, expected: Int) {
        count = max(shards, 1)
        let room = max(expected, 1)
        bases = .allocate(capacity: count)
        counts = .allocate(capacity: count)
        capacities = .allocate(capacity: count)
        for shard in 0..<count {
            (bases + shard).initialize(to: .allocate(capacity: room))
            (counts + shard).initialize(to: 0)
            (capacities + shard).initialize(to: room)
        }
    }

    deinit {
        for shard in 0..<count { bases[shard].deallocate() }
        bases.deallocate()
        counts.deallocate()
        capacities.deallocate()
    }

    /// Adds `hash` to its shard's bucket.
    @inline(__always)
    func append(_ hash: Int) {
        let shard = Int(UInt(bitPattern: hash) % UInt(count))
        let used = counts[shard]
        if used == capacities[shard] { grow(shard) }
        (bases[shard] + used).initialize(to: hash)
        counts[shard] = used + 1
    }

    private func grow(_ shard: Int) {
        let capacity = capacities[shard] * 2
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        larger.moveInitialize(from: bases[shard], count: counts[shard])
        bases[shard].deallocate()
        bases[shard] = larger
        capacities[shard] = capacity
    }

    /// The hashes of bucket `shard`, in the order they were added; valid while this object lives.
    subscript(shard: Int) -> UnsafeBufferPointer<Int> {
        precondition(shard >= 0 && shard < count, "shard \(shard) of \(count)")
        return UnsafeBufferPointer(start: bases[shard], count: counts[shard])
    }

    /// The number of hashes in every bucket together.
    var total: Int { (0..<count).reduce(0) { $0 + counts[$1] } }
}
