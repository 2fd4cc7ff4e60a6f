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
            JSONWriter.append("{\n", to: &out)
        }

        /// Hands the bytes written to the drain once they pass `drainSize` (or `always`).
        private mutating func drainIfFull(always: Bool = false) {
            guard let drain, !out.isEmpty, always || out.count >= Self.drainSize else { return }
            out.withUnsafeBytes(drain)
            out.removeAll(keepingCapacity: out.capacity <= 2 * Self.drainSize)
        }

        private mutating func key(_ key: String) {
            if !first { JSONWriter.append(",\n", to: &out) }
            first = false
            JSONWriter.append("  ", to: &out)
            JSONWriter.writeString(key, into: &out)
            JSONWriter.append(": ", to: &out)
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
            JSONWriter.append("[\n", to: &out)
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
                        JSONWriter.append("    ", to: &piece)
                        write(elements[index], &piece)
                        JSONWriter.append(index < elements.count - 1 ? ",\n" : "\n", to: &piece)
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
            JSONWriter.append("  ]", to: &out)
        }

        private mutating func lines<C: Collection>(_ elements: C, _ write: (C.Element, inout [UInt8]) -> Void) {
            guard !elements.isEmpty else {
                JSONWriter.append("[]", to: &out)
                return
            }
            JSONWriter.append("[\n", to: &out)
            var remaining = elements.count
            for element in elements {
                JSONWriter.append("    ", to: &out)
                write(element, &out)
                remaining -= 1
                JSONWriter.append(remaining > 0 ? ",\n" : "\n", to: &out)
                drainIfFull()
            }
            JSONWriter.append("  ]", to: &out)
        }

        /// The document, ending with a newline; with a drain, what is left of it drained (and nothing
        /// returned).
        consuming func finish() -> [UInt8] {
            if first {
                out = Array("{}\n".utf8)
            } else {
                JSONWriter.append("\n}\n", to: &out)
            }
            drainIfFull(always: true)
            return out
        }
    }

    /// Appends a fixed text: a key with its punctuation, a separator, a literal. `out += "…".utf8` took
    /// String's element-by-element path for the texts of up to 15 bytes, which Swift keeps inside the
    /// string value rather than as bytes in memory — nearly all of the document's punctuation (profiled:
    /// a tenth of the instructions of writing an SMB report's results.json).
    @inline(__always)
    static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends a text as it is (a number's digits, an escape): through its UTF-8 bytes, which a text of up to
    /// 15 bytes hands over from a copy on the stack; not `out += text.utf8` (see `append`).
    static func appendText(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// An exact decimal as `description` writes it (`-1234.5`, `0.000001`, `12`), its digits written
    /// straight into the bytes: `description` joins four texts, and most of a portfolio's two million
    /// observations are money.
    static func writeDecimal(_ amount: ExactDecimal, into out: inout [UInt8]) {
        guard let micros = Int64(exactly: amount.micros), micros != .min else {
            return appendText(amount.description, to: &out)
        }
        if micros < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = micros.magnitude
        let one = UInt64(ExactDecimal.one)
        writeDigits(magnitude / one, count: nil, into: &out)
        var fraction = magnitude % one
        guard fraction != 0 else { return }
        var digits = ExactDecimal.scale
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        out.append(UInt8(ascii: "."))
        writeDigits(fraction, count: digits, into: &out)
    }

    /// An integer in decimal, its digits written straight into the bytes rather than through a `String`.
    static func writeInt(_ value: Int, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        writeDigits(UInt64(value.magnitude), count: nil, into: &out)
    }

    /// `value`'s decimal digits, padded with zeros in front to `count` digits when given.
    static func writeDigits(_ value: UInt64, count: Int?, into out: inout [UInt8]) {
        var value = value
        // 20 places: UInt64.max has 20 digits.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            } while value > 0 || (count.map { digits.count - start < $0 } ?? false)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
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
        case .null: append("null", to: &out)
        case .bool(let flag): append(flag ? "true" : "false", to: &out)
        case .number(let text): appendText(text, to: &out)
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { append(", ", to: &out) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { append(", ", to: &out) }
                writeString(key, into: &out)
                append(": ", to: &out)
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
            // Most texts (ids, dates, names) need no escape: looked for first, then copied whole. Byte by
            // byte through the escapes below, the strings were a seventh of writing an SMB report's
            // results.json (profiled).
            var plain = true
            for byte in bytes
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 {
                plain = false
                break
            }
            if plain {
                out.append(contentsOf: bytes)
                return
            }
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
                    appendText(escape, to: &out)
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
