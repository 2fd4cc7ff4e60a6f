/// The engagements' ids as the columns keep them: 16 bytes each, an id of up to 15 bytes inside, a longer
/// one as its place in a text of long ids (a part's long ids' bytes one after another), so that typing an
/// engagement allocates nothing whatever its id. Kept as `Identifier?`s, an id of more than 15 bytes was an
/// allocation of its own for each engagement (a Swift string keeps up to 15 bytes inside its value): the
/// 10 % portfolio with 32-byte ids took 0.48 s and 239 MB to report where 10-byte ids took 0.42 s and
/// 144 MB (measured).
package struct EngagementIDs: Sendable {
    /// One id: bytes 0..<15 hold an id of up to 15 bytes and byte 15 its length; or byte 15 is `long`
    /// and bytes 0..<8 hold the offset in its text, 8..<12 its length, 12..<16's first two bytes the
    /// text's index; or byte 15 is `none`. Read and written byte by byte, so the same on any byte order.
    package struct Slot: Sendable, Equatable {
        private var low: UInt64 = 0
        private var high: UInt64 = 0

        private static let none: UInt8 = 0xFF
        private static let long: UInt8 = 0xFE
        /// The longest id kept inside a slot.
        package static let inlineCapacity = 15

        /// No id.
        package static let absent = Slot(tag: none)

        private init(tag: UInt8) {
            withUnsafeMutableBytes(of: &self) { $0[15] = tag }
        }

        /// An id of at most 15 bytes, inside the slot.
        private init(inline bytes: UnsafeBufferPointer<UInt8>) {
            precondition(bytes.count <= Self.inlineCapacity, "an id of at most 15 bytes inside a slot")
            withUnsafeMutableBytes(of: &self) { raw in
                raw.copyMemory(from: UnsafeRawBufferPointer(bytes))
                raw[15] = UInt8(bytes.count)
            }
        }

        /// An id whose bytes are `text[offset..<offset + count]` of text `text`.
        private init(text: Int, offset: Int, count: Int) {
            precondition(text >= 0 && text <= Int(UInt16.max), "at most 65,536 texts of long ids")
            precondition(count > Self.inlineCapacity && count <= Int(UInt32.max), "a long id of at most 4 GiB")
            withUnsafeMutableBytes(of: &self) { raw in
                raw.storeBytes(of: UInt64(offset), toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: UInt32(count), toByteOffset: 8, as: UInt32.self)
                raw.storeBytes(of: UInt16(text), toByteOffset: 12, as: UInt16.self)
                raw[15] = Self.long
            }
        }

        /// The slot of an id's bytes (nil: none): inside, or — longer than a slot holds — appended to
        /// `text`, the text of index `index`.
        package init(_ bytes: UnsafeBufferPointer<UInt8>?, text: inout [UInt8], index: Int) {
            guard let bytes else {
                self = .absent
                return
            }
            guard bytes.count > Self.inlineCapacity else {
                self.init(inline: bytes)
                return
            }
            self.init(text: index, offset: text.count, count: bytes.count)
            text.append(contentsOf: bytes)
        }

        /// The id, reading a long one from the text of its index.
        package func identifier(text: (Int) -> [UInt8]) -> Identifier? {
            withUnsafeBytes(of: self) { raw -> Identifier? in
                let tag = raw[15]
                if tag == Self.none { return nil }
                if tag <= UInt8(Self.inlineCapacity) {
                    return Identifier(
                        String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<Int(tag)]), as: UTF8.self))
                }
                let offset = Int(raw.load(fromByteOffset: 0, as: UInt64.self))
                let count = Int(raw.load(fromByteOffset: 8, as: UInt32.self))
                let index = Int(raw.load(fromByteOffset: 12, as: UInt16.self))
                return Identifier(String(decoding: text(index)[offset..<(offset + count)], as: UTF8.self))
            }
        }
    }

    /// Each engagement's id.
    package internal(set) var slots: [Slot]
    /// The texts of long ids, by the index their slots name.
    package let texts: [[UInt8]]

    package init(slots: [Slot], texts: [[UInt8]]) {
        self.slots = slots
        self.texts = texts
    }

    /// The ids given, long ones in one text.
    package init(_ ids: [Identifier?]) {
        var text: [UInt8] = []
        slots = ids.map { id in
            guard var raw = id?.rawValue else { return .absent }
            return raw.withUTF8 { Slot($0, text: &text, index: 0) }
        }
        texts = [text]
    }

    package var count: Int { slots.count }

    package subscript(position: Int) -> Identifier? {
        slots[position].identifier { texts[$0] }
    }
}
