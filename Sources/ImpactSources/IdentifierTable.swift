import CPrefetch
import ImpactCore

/// Positions of known ids, looked up straight from a field's bytes.
///
/// Written by hand for the engagements reader: it looks up two ids on each of ten million lines, and
/// with a `Set<Identifier>` (to check the reference) and then a `[Identifier: Int]` (for the position)
/// each id was made into a `String` and hashed twice with SipHash — 15 % of a portfolio run's CPU time
/// (profiled). Here the bytes are hashed once with a multiplicative mix and found by open addressing.
/// A slot holds the id's length and first 16 bytes beside its position, so that an id of up to 16 bytes
/// (every id of the generated portfolios) is matched within the slot: a lookup touches one place in
/// memory instead of three (slot, start, bytes), which halved the engagements' reference lookups at full
/// size, where the file streaming through the cache leaves the tables out of it (measured). Longer ids
/// compare their remaining bytes with one contiguous copy of the ids. Not a defence against crafted
/// collisions: a file made to collide slows its own report down, nothing more.
struct IdentifierTable: Sendable {
    /// The ids, in the order their positions count.
    let ids: [Identifier]
    /// Every id's UTF-8 bytes, one after another; id i is `bytes[starts[i] ..< starts[i + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    /// Open addressing, linear probing; an empty slot has position -1.
    private let slots: [Slot]
    private let mask: Int

    /// An id's first 16 bytes (zero after its end), its length and its position.
    private struct Slot: Sendable {
        var head: Head
        var count: Int
        var position: Int32
    }

    /// Up to the first 16 bytes of an id, zero after its end.
    private struct Head: Equatable, Sendable {
        var low: UInt64
        var high: UInt64

        init(_ key: UnsafeBufferPointer<UInt8>) {
            guard let base = key.baseAddress else {
                (low, high) = (0, 0)
                return
            }
            let raw = UnsafeRawPointer(base)
            switch key.count {
            case 16...:
                low = raw.loadUnaligned(as: UInt64.self)
                high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            case 8...:
                low = raw.loadUnaligned(as: UInt64.self)
                high = IdentifierTable.word(raw + 8, count: key.count - 8)
            default:
                low = IdentifierTable.word(raw, count: key.count)
                high = 0
            }
        }
    }

    /// `count` (< 8) bytes as the low bytes of a word, zero above them — read with two loads that overlap
    /// (equal bytes land on equal places, so the or of both is the bytes) and never past the last byte:
    /// byte by byte, the ids of seven bytes (`p-00001`) took seven loads and shifts for the hash and seven
    /// for the slot's head, twice per line (profiled).
    static func word(_ raw: UnsafeRawPointer, count: Int) -> UInt64 {
        switch count {
        case 4...7:
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return low | high << (8 * UInt64(count - 4))
        case 2...3:
            let low = UInt64(raw.loadUnaligned(as: UInt16.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self))
            return low | high << (8 * UInt64(count - 2))
        case 1:
            return UInt64(raw.load(as: UInt8.self))
        default:
            return 0
        }
    }

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
        let empty = Slot(head: Head(UnsafeBufferPointer(start: nil, count: 0)), count: 0, position: -1)
        var slots = [Slot](repeating: empty, count: capacity)
        let mask = capacity - 1
        bytes.withUnsafeBufferPointer { all in
            for position in ids.indices {
                let key = UnsafeBufferPointer(rebasing: all[starts[position]..<starts[position + 1]])
                if Self.find(key, in: slots, mask: mask, all: all, starts: starts) != nil { continue }
                var slot = Self.hash(key) & mask
                while slots[slot].position >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Slot(head: Head(key), count: key.count, position: Int32(position))
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
        self.mask = mask
    }

    /// The position of the id whose UTF-8 bytes are `key`, byte for byte.
    func position(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        position(of: key, hint: -1)
    }

    /// The same, trying `hint` (a position, or -1) first: the engagements of one organisation usually
    /// follow each other, and comparing with the previous line's id costs less than a lookup.
    /// `hash`, when not `Int.min`, is the key's `hash(_:)`, made already (by `prefetch`); a wrong one finds
    /// nothing rather than a wrong position (slots compare the key itself).
    func position(of key: UnsafeBufferPointer<UInt8>, hint: Int32, hash: Int = Int.min) -> Int32? {
        bytes.withUnsafeBufferPointer { all in
            if hint >= 0, Int(hint) < ids.count, Self.equal(key, all, starts, Int(hint)) { return hint }
            return Self.find(key, in: slots, mask: mask, all: all, starts: starts, hash: hash)
        }
    }

    /// Starts bringing the slot where a lookup of `key` begins into the cache, so that the lookup a few
    /// lines later does not wait for memory: at full size the partners' table is not in the cache, and
    /// each lookup waited about 100 ns for its slot (profiled).
    /// Returns the key's hash, for the lookup to use.
    func prefetch(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(key)
        slots.withUnsafeBufferPointer { slots in
            // The slot and the next (a first probe of another id moves on to it, maybe in the next line).
            let slot = hash & mask
            impact_prefetch(slots.baseAddress! + slot)
            impact_prefetch(slots.baseAddress! + ((slot + 1) & mask))
        }
        return hash
    }

    func position(of id: Identifier) -> Int32? {
        var text = id.rawValue
        return text.withUTF8 { position(of: $0) }
    }

    private static func find(
        _ key: UnsafeBufferPointer<UInt8>, in slots: [Slot], mask: Int, all: UnsafeBufferPointer<UInt8>,
        starts: [Int], hash given: Int = Int.min
    ) -> Int32? {
        let head = Head(key)
        return slots.withUnsafeBufferPointer { slots in
            var slot = (given == Int.min ? hash(key) : given) & mask
            while true {
                let candidate = slots[slot]
                if candidate.position < 0 { return nil }
                if candidate.count == key.count, candidate.head == head,
                    key.count <= 16 || equal(key, all, starts, Int(candidate.position))
                {
                    return candidate.position
                }
                slot = (slot + 1) & mask
            }
        }
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

    /// Eight bytes at a time, each word mixed in by a multiplication (the constant of Fibonacci hashing),
    /// then a final multiply-and-shift so that the low bits (a slot) depend on every byte: without it,
    /// ids counting up (`p-00001`, `p-00002`, …) fell into runs of neighbouring slots, and a lookup among
    /// 50,000 partners took four probes on average instead of 1.3 (`meanProbes`).
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
            let tail = word(raw + index, count: key.count - index)
            hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
        }
        hash ^= hash >> 32
        hash &*= 0xD6E8_FEB8_6659_FD93
        hash ^= hash >> 32
        return Int(truncatingIfNeeded: hash)
    }

    /// The mean number of slots a lookup of each id reads: 1 for a table without collisions.
    var meanProbes: Double {
        guard !ids.isEmpty else { return 0 }
        var total = 0
        bytes.withUnsafeBufferPointer { all in
            for position in ids.indices {
                let key = UnsafeBufferPointer(rebasing: all[starts[position]..<starts[position + 1]])
                var slot = Self.hash(key) & mask
                total += 1
                while slots[slot].position != Int32(position) {
                    slot = (slot + 1) & mask
                    total += 1
                }
            }
        }
        return Double(total) / Double(ids.count)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
