/// Serialises `JSONValue`s: the document's top level with one key per line, arrays with one element per
/// line, and everything below that on one line — readable in a diff and still compact.
public enum JSONWriter {
    /// The document as text, ending with a newline.
    public static func document(_ value: JSONValue) -> String {
        var out = ""
        writeTopLevel(value, into: &out)
        out += "\n"
        return out
    }

    /// One line, with `": "` and `", "` separators.
    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    static func writeTopLevel(_ value: JSONValue, into out: inout String) {
        guard case .object(let members) = value, !members.isEmpty else {
            write(value, into: &out)
            return
        }
        out += "{\n"
        for (index, (key, member)) in members.enumerated() {
            out += "  "
            writeString(key, into: &out)
            out += ": "
            if case .array(let elements) = member, !elements.isEmpty {
                out += "[\n"
                for (position, element) in elements.enumerated() {
                    out += "    "
                    write(element, into: &out)
                    out += position + 1 < elements.count ? ",\n" : "\n"
                }
                out += "  ]"
            } else {
                write(member, into: &out)
            }
            out += index + 1 < members.count ? ",\n" : "\n"
        }
        out += "}"
    }

    static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += ", " }
                write(element, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { out += ", " }
                writeString(key, into: &out)
                out += ": "
                write(member, into: &out)
            }
            out += "}"
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t` … or `\u00XX`; everything
    /// else as UTF-8.
    static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
