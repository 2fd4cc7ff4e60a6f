import ImpactCore

/// Positions of known ids, looked up straight from a field's bytes.
///
/// Written by hand for the engagements reader: it looks up two ids on each of ten million lines, and
/// with a `Set<Identifier>` (to check the reference) and then a `[Identifier: Int]` (for the position)
/// each id was made into a `String` and hashed twice with SipHash — 15 % of a portfolio run's CPU time
/// (profiled). Here the bytes are hashed once with a multiplicative mix and compared with `memcmp`
/// against one contiguous copy of the ids. Not a defence against crafted collisions: a file made to
/// collide slows its own report down, nothing more.
struct IdentifierTable: Sendable {
    /// The ids, in the order their positions count.
    let ids: [Identifier]
    /// Every id's UTF-8 bytes, one after another; id i is `bytes[starts[i] ..< starts[i + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    /// Open addressing, linear probing: a position, or -1 for an empty slot.
    private let slots: [Int32]
    private let mask: Int

    /// `ids` must not repeat (the first of a repeated id would win).
    init(_ ids: [Identifier]) {
        self.ids = ids
        var bytes: [UInt8] = []
        var starts = [0]
        starts.reserveCapacity(ids.count + 1)
        for id in ids {
            bytes.append(contentsOf: id.rawValue.utf8)
            starts.append(bytes.count)
        }
        var capacity = 16
        while capacity < ids.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        bytes.withUnsafeBufferPointer { all in
            for position in ids.indices {
                let key = UnsafeBufferPointer(rebasing: all[starts[position]..<starts[position + 1]])
                var slot = Self.hash(key) & mask
                while slots[slot] >= 0 {
                    if Self.equal(key, all, starts, Int(slots[slot])) { break }
                    slot = (slot + 1) & mask
                }
                if slots[slot] < 0 { slots[slot] = Int32(position) }
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
        self.mask = mask
    }

    /// The position of the id whose UTF-8 bytes are `key`, byte for byte.
    func position(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        bytes.withUnsafeBufferPointer { all in
            var slot = Self.hash(key) & mask
            while true {
                let position = slots[slot]
                if position < 0 { return nil }
                if Self.equal(key, all, starts, Int(position)) { return position }
                slot = (slot + 1) & mask
            }
        }
    }

    func position(of id: Identifier) -> Int32? {
        var text = id.rawValue
        return text.withUTF8 { position(of: $0) }
    }

    /// The table's hash of an id's bytes: the same for the same bytes in every run (unlike `hashValue`),
    /// and a third of SipHash's cost for short ids.
    static func hash(_ id: Identifier) -> Int {
        var text = id.rawValue
        return text.withUTF8 { hash($0) }
    }

    private static func equal(
        _ key: UnsafeBufferPointer<UInt8>, _ all: UnsafeBufferPointer<UInt8>, _ starts: [Int], _ position: Int
    ) -> Bool {
        let start = starts[position]
        let count = starts[position + 1] - start
        guard count == key.count else { return false }
        return count == 0 || memcmp(key.baseAddress!, all.baseAddress! + start, count) == 0
    }

    /// Eight bytes at a time, each word mixed in by a multiplication (the constant of Fibonacci hashing).
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0x243F_6A88_85A3_08D3 &+ UInt64(key.count)
        var index = 0
        if let base = key.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= key.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 29
                index += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < key.count {
                tail |= UInt64(key[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
        }
        hash ^= hash >> 32
        return Int(truncatingIfNeeded: hash)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
