import ImpactCore
import Testing

@testable import ImpactGenerator
@testable import ImpactResults

/// The texts results.json writes straight into bytes are those of the values' own descriptions, and strings
/// are escaped as the contract says, whichever path (copied whole, or escaped byte by byte) they take. The
/// random cases come from the generator's seeded SplitMix64, so that a failure repeats.
@Suite struct JSONWriterTextTests {
    static func text(_ write: (inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = []
        write(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func decimalsAreWrittenAsTheirDescription() {
        var micros: [Int128] = [
            0, 1, -1, 9, 10, 999_999, -999_999, 1_000_000, -1_000_000, 1_000_001, 10_500_000, -10_500_000, 100,
            120_000, Int128(Int64.max), Int128(Int64.min), Int128(Int64.min) + 1, Int128(Int64.max) + 1,
            Int128(Int64.min) - 1, Int128.max, Int128.min + 1, Int128(Int64.max) * 1_000,
        ]
        var numbers = SplitMix64(seed: 42)
        for _ in 0..<20_000 {
            let raw = Int64(bitPattern: numbers.next())
            // Every magnitude: shifted right by 0 to 63 bits, and with trailing zeros in the fraction.
            let shifted = raw >> Int64(numbers.next() % 64)
            micros.append(Int128(shifted))
            micros.append(Int128(shifted / 1_000 * 1_000))
        }
        var mismatches: [Int128] = []
        for value in micros {
            let amount = ExactDecimal(micros: value)
            if Self.text({ JSONWriter.writeDecimal(amount, into: &$0) }) != amount.description {
                mismatches.append(value)
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }

    @Test func integersAreWrittenAsTheirDescription() {
        var values = [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int.min + 1, 1_000_000_000_000_000_000]
        var numbers = SplitMix64(seed: 7)
        for _ in 0..<20_000 { values.append(Int(bitPattern: UInt(numbers.next())) >> Int(numbers.next() % 64)) }
        let mismatches = values.filter { value in Self.text { JSONWriter.writeInt(value, into: &$0) } != String(value) }
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }

    /// The contract's escapes, written scalar by scalar: the reference the byte-level writer must equal.
    static func escaped(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test func stringsAreEscapedAsTheContractSays() {
        // Plain texts, texts with each escape, and characters whose UTF-8 starts like U+2028's (E2 80 …,
        // E2 82 AC for €) but are not it.
        let pieces = [
            "a", "fjordbyte", "2026-Q3", "é", "€", "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{1F600}", "\"",
            "\\", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1}", "\u{1F}", " ", "</script>", "\u{7F}",
        ]
        var texts = [""] + pieces
        var numbers = SplitMix64(seed: 2026)
        for _ in 0..<5_000 {
            let length = Int(numbers.next() % 8)
            texts.append((0..<length).map { _ in pieces[Int(numbers.next() % UInt64(pieces.count))] }.joined())
        }
        // Long enough to be stored out of line (more than 15 bytes), plain and not.
        texts += [
            "an organisation with a long name", "a long text that ends with an escape\n",
            String(repeating: "é", count: 20),
        ]
        let mismatches = texts.filter { text in
            Self.text { JSONWriter.writeString(text, into: &$0) } != Self.escaped(text)
        }
        #expect(mismatches.count == 0, "\(mismatches.prefix(5).map { Array($0.unicodeScalars) })")
    }
}
