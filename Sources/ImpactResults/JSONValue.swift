/// A JSON value whose objects keep their keys in the order given, so that documents have a fixed,
/// contract-defined key order. Numbers carry their exact text.
///
/// Written by hand rather than with `JSONEncoder` because the results contract fixes the key order (not
/// alphabetical) and number texts: money as its shortest exact decimal, other values as the shortest
/// round-trip double — `JSONEncoder` encodes `Decimal` through `Double` and sorts keys alphabetically.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Already-formatted number text.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(JSONWriter.compact(self))
    }

    /// A double in its shortest round-trip form, without a fractional part when it has none (`3`, not
    /// `3.0`); negative zero is written `0`.
    public static func double(_ value: Double) -> JSONValue {
        var text: [UInt8] = []
        JSONWriter.writeDouble(value, into: &text)
        return .number(String(decoding: text, as: UTF8.self))
    }

    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }
}
