/// Escaping user data for each output format, so that names full of markup stay plain text.
public enum Escaping {
    /// Text for HTML content and attribute values.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline have no place in a page.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || (0x7F..<0xA0).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Plain text as inline Markdown: every character CommonMark or GitHub tables could read as syntax is
    /// backslash-escaped (or, for `<`, `>` and `&`, written as an entity), line breaks become spaces, and
    /// a leading character that could start a block (heading, list, quote) is escaped too.
    public static func markdown(_ text: String) -> String {
        var out = ""
        let flattened = text.replacingLineBreaks
        for scalar in flattened.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!", "$":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default:
                if scalar.value < 0x20 && scalar != "\t" || (0x7F..<0xA0).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        // A block marker at the start: `-`, `+` or `=` followed by a space, the end or the same character
        // (lists, thematic breaks, setext underlines), or a number followed by `.` or `)` and a space.
        let scalars = Array(out.unicodeScalars)
        func endsMarker(_ index: Int) -> Bool { index >= scalars.count || scalars[index] == " " }
        if let first = scalars.first, "-+=".unicodeScalars.contains(first),
            endsMarker(1) || scalars[1] == first
        {
            out = "\\" + out
        } else if let end = scalars.firstIndex(where: { !("0"..."9").contains($0) }), end > 0,
            scalars[end] == "." || scalars[end] == ")", endsMarker(end + 1)
        {
            out =
                String(String.UnicodeScalarView(scalars[..<end])) + "\\"
                + String(String.UnicodeScalarView(scalars[end...]))
        }
        return out
    }
}

extension String {
    /// Line breaks and tabs as single spaces.
    var replacingLineBreaks: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }))
    }
}
