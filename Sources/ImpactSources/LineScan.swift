import CByteScan

/// Line ends and plain bytes of CSV text found many bytes at a time.
///
/// Written by hand for the largest files: cutting a 650 MB engagements file into lines byte by byte
/// (find the line end, then check every byte of the line again) took 0.8 s of a portfolio run's wall
/// time on two cores (profiled). Here each 64-byte block is tested once for line ends and for bytes that
/// are not plain (`CSVReader.isPlain`: printable ASCII or tab), sixteen bytes per instruction
/// (`impact_scan16`), giving one bit per byte; the rest of the text eight bytes at a time with exact bit
/// masks (`matches`, `notPlain`), then byte by byte. Eight bytes at a time, the cut was still 7 % of
/// `impact validate`'s CPU at full size (profiled).
enum LineScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of each byte of `word` that equals `byte`, and no other bit.
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        // A byte's high bit ends up set when any of its bits is: no carry crosses bytes.
        return ~(((difference & lows) &+ lows) | difference) & highs
    }

    /// The high bit of each byte of `word` that is not plain: below 0x20 other than tab, DEL, or not ASCII.
    @inline(__always)
    static func notPlain(_ word: UInt64) -> UInt64 {
        let low = word & lows
        let below = ~(low &+ (ones &* 0x60)) & highs  // low + 0x60 reaches 0x80 exactly when low >= 0x20
        let delete = (low &+ ones) & highs  // only 0x7F reaches 0x80
        return ((word & highs) | below | delete) & ~matches(word, 0x09)
    }

    /// The 64 bytes at `bytes` (all readable): bit i of `matches` set when byte i is `byte`, of `notPlain`
    /// when byte i is not plain.
    @inline(__always)
    static func block64(_ bytes: UnsafePointer<UInt8>, _ byte: UInt8) -> (matches: UInt64, notPlain: UInt64) {
        let a = impact_scan16(bytes, byte)
        let b = impact_scan16(bytes + 16, byte)
        let c = impact_scan16(bytes + 32, byte)
        let d = impact_scan16(bytes + 48, byte)
        return (
            UInt64(a.matches) | UInt64(b.matches) << 16 | UInt64(c.matches) << 32 | UInt64(d.matches) << 48,
            UInt64(a.notPlain) | UInt64(b.notPlain) << 16 | UInt64(c.notPlain) << 32 | UInt64(d.notPlain) << 48
        )
    }

    /// Splits `line[..<end]` (a record line's content) at `delimiter`: sets `bounds` so that field i is
    /// `line[bounds[i] ..< bounds[i + 1] - 1]`, writing only the bounds `bounds` has room for (room for the
    /// fields a header names is enough: a line with another number is only counted), and returns the
    /// number of fields and whether every byte is plain (`CSVReader.isPlain`). Sixteen bytes at a time
    /// (`impact_scan16`), then eight, then one by one: byte by byte, finding the delimiters and then
    /// checking each field's bytes were a fifth of typing an engagement line, and eight at a time the split
    /// was still 7 % of `impact validate`'s CPU at full size (profiled). The engagements' reader and the
    /// general reader of the other tables' lines both split here.
    static func fields(
        _ line: UnsafeBufferPointer<UInt8>, end: Int, delimiter: UInt8, into bounds: UnsafeMutableBufferPointer<Int>
    ) -> (count: Int, plain: Bool) {
        let room = bounds.count
        bounds[0] = 0
        var count = 1
        var plain = true
        var index = 0
        if let start = line.baseAddress {
            while index + 16 <= end {
                let scan = impact_scan16(start + index, delimiter)
                if scan.notPlain != 0 { plain = false }
                var delimiters = scan.matches
                while delimiters != 0 {
                    if count < room { bounds[count] = index + delimiters.trailingZeroBitCount + 1 }
                    count += 1
                    delimiters &= delimiters - 1
                }
                index += 16
            }
            let raw = UnsafeRawPointer(start)
            while index + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if notPlain(word) != 0 { plain = false }
                var delimiters = matches(word, delimiter)
                while delimiters != 0 {
                    if count < room { bounds[count] = index + delimiters.trailingZeroBitCount / 8 + 1 }
                    count += 1
                    delimiters &= delimiters - 1
                }
                index += 8
            }
        }
        while index < end {
            let byte = line[index]
            if byte == delimiter {
                if count < room { bounds[count] = index + 1 }
                count += 1
            }
            if !CSVReader.isPlain(byte) { plain = false }
            index += 1
        }
        if count < room { bounds[count] = end + 1 }
        return (count, plain)
    }

    /// Calls `body(start, end, plain)` for every line of `buffer[range]` in order: `end` is the position of
    /// its line feed, or `range.upperBound` for a last line without one; `plain` is true only when every
    /// byte of `start..<end` is plain (false may still be a line whose only other byte is a carriage return).
    static func forEachLine(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Int, Int, Bool) -> Void
    ) {
        guard let base = buffer.baseAddress, !range.isEmpty else { return }
        let raw = UnsafeRawPointer(base)
        var start = range.lowerBound
        var plain = true
        var position = range.lowerBound
        while position + 64 <= range.upperBound {
            let (ends, notPlain) = block64(base + position, 0x0A)
            var others = notPlain & ~ends
            var remaining = ends
            while remaining != 0 {
                let index = remaining.trailingZeroBitCount
                let upTo: UInt64 = index == 63 ? ~0 : (1 << (index + 1)) - 1
                if others & upTo != 0 { plain = false }
                body(start, position + index, plain)
                others &= ~upTo
                remaining &= remaining - 1
                start = position + index + 1
                plain = true
            }
            if others != 0 { plain = false }
            position += 64
        }
        while position + 8 <= range.upperBound {
            let word = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            var ends = matches(word, 0x0A)
            var others = notPlain(word) & ~ends
            while ends != 0 {
                let bit = ends.trailingZeroBitCount  // the high bit of the line end's byte: 8 × index + 7
                let upTo: UInt64 = bit == 63 ? ~0 : (1 << (bit + 1)) - 1
                if others & upTo != 0 { plain = false }
                body(start, position + bit / 8, plain)
                others &= ~upTo
                ends &= ends - 1
                start = position + bit / 8 + 1
                plain = true
            }
            if others != 0 { plain = false }
            position += 8
        }
        while position < range.upperBound {
            let byte = buffer[position]
            if byte == 0x0A {
                body(start, position, plain)
                start = position + 1
                plain = true
            } else if !CSVReader.isPlain(byte) {
                plain = false
            }
            position += 1
        }
        if start < range.upperBound { body(start, range.upperBound, plain) }
    }
}
