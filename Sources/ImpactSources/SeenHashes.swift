/// A set of id hashes (already well mixed by `IdentifierTable.hash`), open addressing by the hash's own
/// low bits. Written by hand for the repeated-id check, which inserts every engagement's id hash once
/// (ten million at full size): a `Set<Int>` hashes each `Int` again with SipHash, which was most of that
/// check's time (profiled).
struct SeenHashes {
    private var slots: [UInt64]
    private let mask: Int

    /// Room for `capacity` hashes without growing (it never grows).
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Adds `hash`; false when it was already there. At most `capacity` distinct hashes.
    mutating func insert(_ hash: Int) -> Bool {
        // 0 marks an empty slot, so the hash 0 is kept as 1 (a collision, not a mistake: equal hashes
        // are only candidates, checked by id afterwards).
        let key = hash == 0 ? 1 : UInt64(bitPattern: Int64(hash))
        var slot = Int(truncatingIfNeeded: key ^ (key >> 31)) & mask
        return slots.withUnsafeMutableBufferPointer { slots in
            while true {
                if slots[slot] == key { return false }
                if slots[slot] == 0 {
                    slots[slot] = key
                    return true
                }
                slot = (slot + 1) & mask
            }
        }
    }
}
