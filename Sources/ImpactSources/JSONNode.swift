/// A parsed JSON value whose numbers keep their exact text.
///
/// Read by hand rather than with `JSONSerialization` because plugin answers carry money as exact decimals
/// and may contain `NaN` or `Infinity` (Python's `json.dumps` writes them by default), which must be
/// reported as what they are, not as "invalid JSON" — and Foundation's parser on Linux rounds numbers
/// through `Double`.
public indirect enum JSONNode: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    /// `NaN`, `Infinity` or `-Infinity`: not JSON, but what a careless plugin may send.
    case nonFinite(String)
    case string(String)
    case array([JSONNode])
    case object([String: JSONNode])

    public subscript(key: String) -> JSONNode? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var array: [JSONNode]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

/// Parses one JSON document (a line of the plugin protocol, a JSON source file or one line of it).
public struct JSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    public struct Failure: Error, Sendable {
        public let offset: Int
        public let message: String

        public init(offset: Int, message: String) {
            self.offset = offset
            self.message = message
        }
    }

    public static func parse(_ text: String) throws(Failure) -> JSONNode {
        var reader = JSONReader(text)
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == reader.bytes.count else {
            throw Failure(offset: reader.index, message: "text after the JSON value")
        }
        return value
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func literal(_ word: String) -> Bool {
        let scalars = Array(word.utf8)
        guard bytes.count - index >= scalars.count, Array(bytes[index..<index + scalars.count]) == scalars else {
            return false
        }
        index += scalars.count
        return true
    }

    private mutating func value() throws(Failure) -> JSONNode {
        skipSpace()
        guard index < bytes.count else { throw Failure(offset: index, message: "unexpected end") }
        depth += 1
        defer { depth -= 1 }
        guard depth < 200 else { throw Failure(offset: index, message: "nested too deeply") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [String: JSONNode] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw Failure(offset: index, message: "expected a key")
                }
                let key = try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw Failure(offset: index, message: "expected ':'")
                }
                index += 1
                members[key] = try value()
                skipSpace()
                guard index < bytes.count else { throw Failure(offset: index, message: "unexpected end") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "}") else {
                    throw Failure(offset: index, message: "expected ',' or '}'")
                }
                index += 1
                return .object(members)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONNode] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                items.append(try value())
                skipSpace()
                guard index < bytes.count else { throw Failure(offset: index, message: "unexpected end") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "]") else {
                    throw Failure(offset: index, message: "expected ',' or ']'")
                }
                index += 1
                return .array(items)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        default:
            if literal("null") { return .null }
            if literal("true") { return .bool(true) }
            if literal("false") { return .bool(false) }
            for word in ["NaN", "Infinity", "-Infinity"] where literal(word) { return .nonFinite(word) }
            return try number()
        }
    }

    private mutating func number() throws(Failure) -> JSONNode {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - from
        }
        guard digits() > 0 else { throw Failure(offset: start, message: "not a JSON value") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw Failure(offset: index, message: "digits expected after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw Failure(offset: index, message: "digits expected in the exponent") }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw Failure(offset: index, message: "invalid UTF-8")
                }
                return text
            }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { break }
                let escape = bytes[index + 1]
                index += 2
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                        var code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                    else { throw Failure(offset: index, message: "bad \\u escape") }
                    index += 4
                    if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u"),
                        let low = UInt32(String(decoding: bytes[index + 2..<index + 6], as: UTF8.self), radix: 16),
                        (0xDC00..<0xE000).contains(low)
                    {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8))
                default: out.append(escape)
                }
                continue
            }
            guard byte >= 0x20 else { throw Failure(offset: index, message: "a control character inside a string") }
            out.append(byte)
            index += 1
        }
        throw Failure(offset: index, message: "a string is never closed")
    }
}
