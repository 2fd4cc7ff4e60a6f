import ImpactCore

/// Serialises `JSONValue`s: the document's top level with one key per line, arrays with one element per
/// line, and everything below that on one line — readable in a diff and still compact.
///
/// It writes UTF-8 bytes and copies the runs of a string that need no escape whole: a portfolio's
/// results.json holds millions of strings, and appending to a `String` scalar by scalar was the largest
/// cost of writing a member report batch (profiled).
public enum JSONWriter {
    /// The document as text, ending with a newline.
    public static func document(_ value: JSONValue) -> String {
        String(decoding: documentUTF8(value), as: UTF8.self)
    }

    /// The document as UTF-8 bytes, ending with a newline.
    public static func documentUTF8(_ value: JSONValue) -> [UInt8] {
        guard case .object(let members) = value else {
            var out: [UInt8] = []
            write(value, into: &out)
            out.append(0x0A)
            return out
        }
        var writer = TopLevel(capacity: 1024)
        for (key, member) in members { writer.member(key, member) }
        return writer.finish()
    }

    /// One line, with `": "` and `", "` separators.
    public static func compact(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes a document's top level member by member, in the layout of `documentUTF8`, so that a large
    /// document is never held as a tree: arrays' elements are written one by one by the caller. With a
    /// `drain`, the bytes written are handed to it whenever they pass `drainSize`, and dropped, so that
    /// the document is never held whole either.
    struct TopLevel {
        private var out: [UInt8]
        private var first = true
        private let drain: ((UnsafeRawBufferPointer) -> Void)?
        /// The bytes held before they are drained: one buffer of this size, reused from the first byte to
        /// the last. A megabyte before, an SMB report's results.json (300 kB) grew its buffer four times
        /// into fresh memory, 190 page faults, about a millisecond of its CPU time (measured); the parts of
        /// a large array are drained as they are, without passing through it.
        static let drainSize = 1 << 16

        init(capacity: Int, drain: ((UnsafeRawBufferPointer) -> Void)? = nil) {
            out = []
            out.reserveCapacity(drain == nil ? capacity : Self.drainSize + (Self.drainSize >> 2))
            self.drain = drain
            out += "{\n".utf8
        }

        /// Hands the bytes written to the drain once they pass `drainSize` (or `always`).
        private mutating func drainIfFull(always: Bool = false) {
            guard let drain, !out.isEmpty, always || out.count >= Self.drainSize else { return }
            out.withUnsafeBytes(drain)
            out.removeAll(keepingCapacity: out.capacity <= 2 * Self.drainSize)
        }

        private mutating func key(_ key: String) {
            if !first { out += ",\n".utf8 }
            first = false
            out += "  ".utf8
            JSONWriter.writeString(key, into: &out)
            out += ": ".utf8
        }

        /// A member; an array's elements one per line.
        mutating func member(_ name: String, _ value: JSONValue) {
            key(name)
            if case .array(let elements) = value {
                lines(elements, JSONWriter.write)
            } else {
                JSONWriter.write(value, into: &out)
                drainIfFull()
            }
        }

        /// An array member with one element per line, each written by `write`; `[]` when empty.
        mutating func array<C: Collection>(_ name: String, _ elements: C, _ write: (C.Element, inout [UInt8]) -> Void) {
            key(name)
            lines(elements, write)
        }

        /// The same for a large array, its lines written in parts on every core and joined in order (the
        /// two million observations of a portfolio were a single-core second at the end of its run). With
        /// a drain, a block of parts at a time, each block drained before the next is written.
        mutating func array<Element: Sendable>(
            _ name: String, parallel elements: [Element], _ write: @Sendable (Element, inout [UInt8]) -> Void
        ) {
            let minimum = 50_000
            guard OrderedParallel.parts(for: elements.count, minimum: minimum) > 1 else {
                return array(name, elements, write)
            }
            key(name)
            out += "[\n".utf8
            let block = drain == nil ? elements.count : OrderedParallel.cores * 2 * minimum
            var start = 0
            while start < elements.count {
                let range = start..<min(start + block, elements.count)
                let parts = OrderedParallel.parts(for: range.count, minimum: minimum)
                let pieces = OrderedParallel.map(parts: parts) { part -> [UInt8] in
                    let lines = OrderedParallel.range(part, of: parts, total: range.count)
                    var piece: [UInt8] = []
                    piece.reserveCapacity(lines.count * 160)
                    for index in lines.lowerBound + range.lowerBound..<lines.upperBound + range.lowerBound {
                        piece += "    ".utf8
                        write(elements[index], &piece)
                        piece += (index < elements.count - 1 ? ",\n" : "\n").utf8
                    }
                    return piece
                }
                for piece in pieces {
                    if let drain {
                        drainIfFull(always: true)
                        piece.withUnsafeBytes(drain)
                    } else {
                        out += piece
                    }
                }
                start = range.upperBound
            }
            out += "  ]".utf8
        }

        private mutating func lines<C: Collection>(_ elements: C, _ write: (C.Element, inout [UInt8]) -> Void) {
            guard !elements.isEmpty else {
                out += "[]".utf8
                return
            }
            out += "[\n".utf8
            var remaining = elements.count
            for element in elements {
                out += "    ".utf8
                write(element, &out)
                remaining -= 1
                out += (remaining > 0 ? ",\n" : "\n").utf8
                drainIfFull()
            }
            out += "  ]".utf8
        }

        /// The document, ending with a newline; with a drain, what is left of it drained (and nothing
        /// returned).
        consuming func finish() -> [UInt8] {
            if first {
                out = Array("{}\n".utf8)
            } else {
                out += "\n}\n".utf8
            }
            drainIfFull(always: true)
            return out
        }
    }

    /// A double in its shortest round-trip form, without a fractional part when it has none (`3`, not
    /// `3.0`); negative zero is written `0`.
    static func writeDouble(_ value: Double, into out: inout [UInt8]) {
        precondition(value.isFinite, "JSON has no NaN or infinity")
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var text = value.description
        text.withUTF8 { bytes in
            let fractionless =
                bytes.count >= 2 && bytes[bytes.count - 2] == UInt8(ascii: ".")
                && bytes[bytes.count - 1] == UInt8(ascii: "0")
            out.append(contentsOf: fractionless ? UnsafeBufferPointer(rebasing: bytes.dropLast(2)) : bytes)
        }
    }

    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .number(let text): out += text.utf8
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out += ", ".utf8 }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { out += ", ".utf8 }
                writeString(key, into: &out)
                out += ": ".utf8
                write(member, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t` … or `\u00XX`, U+2028 and
    /// U+2029 as `\u2028` and `\u2029`; everything else as UTF-8.
    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let escape: String?
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0x00..<0x20: escape = "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
                case 0xE2
                where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default: escape = nil
                }
                if let escape {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    out += escape.utf8
                    index += width
                    runStart = index
                } else {
                    index += 1
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
