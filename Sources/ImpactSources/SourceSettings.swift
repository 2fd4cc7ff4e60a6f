import Foundation

/// One source of canonical tables as configured in `impact.yml`: what kind it is, where it is, how it
/// writes text, and how its tables map onto the canonical ones.
public struct SourceSettings: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case csv, json, xlsx, sqlite
    }

    public var kind: Kind
    /// A folder (csv, json) or a file (xlsx, sqlite), relative to the workspace; nil = the workspace
    /// folder or its `data/` (csv only).
    public var path: String?
    /// The field separator of CSV files: `,` (default), `;` or a tab.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    public var numberFormat = NumberFormat.canonical
    /// How dates are written, e.g. `DD.MM.YYYY` (default `YYYY-MM-DD`).
    public var dateFormat: DateFormat = .iso
    public var encoding: TextEncoding = .utf8
    /// The row holding the headers in spreadsheets (1-based).
    public var headerRow = 1
    /// Per canonical table: where it is in this source and how its columns map.
    public var tables: [CanonicalTable: TableSettings] = [:]

    public init(kind: Kind, path: String? = nil) {
        self.kind = kind
        self.path = path
    }
}

/// Where one canonical table is in a source and how to read it.
public struct TableSettings: Sendable, Hashable {
    /// A file (csv, json) relative to the source's folder, a sheet (xlsx) or a table (sqlite).
    public var name: String?
    /// A SQL query delivering the table (sqlite).
    public var query: String?
    /// Source header → canonical column.
    public var renames: [String: String] = [:]
    /// Canonical column → a value for every row (e.g. every row of this file belongs to org `acme`).
    public var constants: [String: String] = [:]
    /// Canonical column → source value → canonical value (e.g. `Universität` → `research`).
    public var valueMaps: [String: [String: String]] = [:]
    /// The currency of rows whose currency cell is empty.
    public var currency: String?

    public init() {}
}

/// Text encodings a source may be in.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case latin1 = "latin-1"

    /// The bytes as UTF-8. Windows-1252 and Latin-1 map every byte to a character, so nothing is lost.
    func utf8(_ bytes: [UInt8]) -> [UInt8] {
        guard self != .utf8 else { return bytes }
        return bytes.withUnsafeBufferPointer { utf8(of: $0).array }
    }

    /// The bytes of a Latin-1 or Windows-1252 text as UTF-8, in memory of their exact size: counted first,
    /// then written byte by byte from a table of each byte's UTF-8 (a text and an array per byte took
    /// minutes for a large export; an array grown as it went held up to twice the text).
    func utf8(of bytes: UnsafeBufferPointer<UInt8>) -> InputBytes {
        let table = self == .windows1252 ? Self.windows1252UTF8 : Self.latin1UTF8
        var count = bytes.count
        for byte in bytes where byte >= 0x80 { count += table[Int(byte)].count - 1 }
        return InputBytes(count: count) { out in
            var position = 0
            for byte in bytes {
                if byte < 0x80 {  // ASCII, the same in all three
                    out[position] = byte
                    position += 1
                    continue
                }
                for unit in table[Int(byte)] {
                    out[position] = unit
                    position += 1
                }
            }
        }
    }

    /// Each byte's character in UTF-8.
    private static let latin1UTF8: [[UInt8]] = (0...255).map {
        Array(String(Character(Unicode.Scalar(UInt8($0)))).utf8)
    }
    private static let windows1252UTF8: [[UInt8]] = (0...255).map { byte in
        let scalar =
            (0x80..<0xA0).contains(byte)
            ? windows1252High[byte - 0x80] ?? Unicode.Scalar(UInt8(byte)) : Unicode.Scalar(UInt8(byte))
        return Array(String(Character(scalar)).utf8)
    }

    /// Windows-1252's characters for 0x80–0x9F (nil: undefined, kept as the C1 control it is in Latin-1).
    static let windows1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}", "\u{02C6}", "\u{2030}",
        "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil, nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}",
        "\u{2022}", "\u{2013}", "\u{2014}", "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}",
        "\u{0178}",
    ]
}

/// A date layout such as `DD.MM.YYYY`, `MM/DD/YYYY` or `YYYY-MM-DD`.
public struct DateFormat: Sendable, Hashable {
    public let pattern: String

    public static let iso = DateFormat(pattern: "YYYY-MM-DD")!

    /// nil unless the pattern has exactly one `YYYY`, `MM` and `DD` and only separators besides.
    public init?(pattern: String) {
        // On bytes, not with Foundation's `components` and `replacingOccurrences`: their first use in a
        // process (this one, for `.iso`, in every run) bridged to NSString, 0.4 ms of an SMB report
        // (profiled).
        let upper = pattern.uppercased()
        let bytes = Array(upper.utf8)
        let year = Self.removing(Array("YYYY".utf8), from: bytes)
        let month = Self.removing(Array("MM".utf8), from: bytes)
        let day = Self.removing(Array("DD".utf8), from: bytes)
        guard year.count == 1, month.count == 1, day.count == 1 else { return nil }
        let rest = Self.removing(Array("DD".utf8), from: Self.removing(Array("MM".utf8), from: year.rest).rest).rest
        guard rest.allSatisfy({ "./- ".utf8.contains($0) }) else { return nil }
        self.pattern = upper
    }

    /// `text` without the occurrences of `part` (found left to right, not overlapping), and their number.
    static func removing(_ part: [UInt8], from text: [UInt8]) -> (rest: [UInt8], count: Int) {
        var rest: [UInt8] = []
        var count = 0
        var index = 0
        while index < text.count {
            if index + part.count <= text.count, text[index..<(index + part.count)].elementsEqual(part) {
                count += 1
                index += part.count
            } else {
                rest.append(text[index])
                index += 1
            }
        }
        return (rest, count)
    }

    /// The date in ISO form when `text` follows the pattern exactly; nil otherwise.
    func iso(_ text: String) -> String? {
        guard self != .iso else { return text }
        let pattern = Array(self.pattern)
        let characters = Array(text)
        guard characters.count == pattern.count else { return nil }
        var year = ""
        var month = ""
        var day = ""
        for (p, c) in zip(pattern, characters) {
            switch p {
            case "Y": year.append(c)
            case "M": month.append(c)
            case "D": day.append(c)
            default: if p != c { return nil }
            }
        }
        guard (year + month + day).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return "\(year)-\(month)-\(day)"
    }
}
