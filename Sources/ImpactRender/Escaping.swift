/// Escaping user data for each output format, so that names full of markup stay plain text.
public enum Escaping {
    /// Text for HTML content and attribute values.
    public static func html(_ text: String) -> String {
        htmlUnchanged(text) ? text : rewriteHTML(text)
    }

    /// `html` without its fast path.
    static func rewriteHTML(_ text: String) -> String {
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
        markdownUnchanged(text) ? text : rewriteMarkdown(text)
    }

    /// `markdown` without its fast path.
    static func rewriteMarkdown(_ text: String) -> String {
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

// Fast paths: most names and labels need no escape at all, and the scalar-by-scalar rewrite of every
// one of them was a tenth of a member report batch (profiled).
extension Escaping {
    /// A byte the HTML escape rewrites: markup characters, control characters but tab and newline, DEL.
    static func needsHTMLEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 0x7F:
            return true
        case 0x0A, 0x09: return false
        default: return byte < 0x20
        }
    }

    /// A byte the Markdown escape rewrites: syntax characters, entities, line breaks and controls, DEL.
    static func needsMarkdownEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "#"), UInt8(ascii: "!"),
            UInt8(ascii: "$"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x7F:
            return true
        default: return byte < 0x20
        }
    }

    /// Whether `rewriteMarkdown` would return `text` as it is: no byte to escape, no C1 control, and no
    /// block marker at its start — decided here on the bytes, as the rewrite decides it (a number cell
    /// such as `1,234.5` starts with a digit but is no list marker; sending every text that starts with a
    /// digit to the rewrite made escaping an eighth of a member report batch, profiled).
    static func markdownUnchanged(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, unchanged(text, needsMarkdownEscape) else { return false }
        var index = bytes.index(after: bytes.startIndex)
        /// The rewrite's `endsMarker`: the end of the text or a space. Every byte before `index` is ASCII, so
        /// byte and scalar positions agree up to it.
        func endsMarker(_ index: String.UTF8View.Index) -> Bool { index == bytes.endIndex || bytes[index] == 0x20 }
        switch first {
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
            return !(endsMarker(index) || bytes[index] == first)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            while index != bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                index = bytes.index(after: index)
            }
            guard index != bytes.endIndex, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ")")
            else { return true }
            return !endsMarker(bytes.index(after: index))
        default:
            return true
        }
    }

    /// Whether `html` returns `text` as it is.
    static func htmlUnchanged(_ text: String) -> Bool { unchanged(text, needsHTMLEscape) }

    /// Whether `text` has no byte that `needsEscape` and no C1 control (U+0080…U+009F, UTF-8 `C2 80`…`C2 9F`,
    /// which both escapes replace): one pass over its contiguous bytes (two passes through `utf8` were a
    /// seventh of rendering an SMB report's HTML blocks, profiled).
    static func unchanged(_ text: String, _ needsEscape: (UInt8) -> Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                if needsEscape(byte) || previous == 0xC2 && (0x80...0x9F).contains(byte) { return false }
                previous = byte
            }
            return true
        }
    }
}

extension String {
    /// Line breaks and tabs as single spaces.
    var replacingLineBreaks: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }))
    }
}
