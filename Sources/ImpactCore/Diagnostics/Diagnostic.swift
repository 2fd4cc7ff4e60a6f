/// A problem found in the input: where it is (source, row, column), the offending value and what is
/// wrong. Errors stop a run; warnings are reported and listed in the report's data-quality section.
///
/// Its text is deterministic and quotes names and values in single quotes, e.g.
/// `data/engagements.csv:1042: column 'started_on': '2026-13-01' is not a valid date`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public let severity: Severity
    /// The source as the user knows it, e.g. `data/engagements.csv` (relative to the workspace).
    public let source: String
    /// The record's number as a spreadsheet shows it (header = 1); nil for a problem of the whole source.
    public let row: Int?
    /// The canonical column name.
    public let column: String?
    /// The offending value as given.
    public let value: String?
    /// What is wrong, as a sentence fragment without the location.
    public let message: String
    /// The organisation the problem is about, when there is one (member reports show only their own).
    public let organization: Identifier?

    public init(
        _ severity: Severity, source: String, row: Int? = nil, column: String? = nil, value: String? = nil,
        message: String, organization: Identifier? = nil
    ) {
        self.severity = severity
        self.source = source
        self.row = row
        self.column = column
        self.value = value
        self.message = message
        self.organization = organization
    }

    /// The message with column and value but without the source and row, for results.json.
    public var detail: String {
        var text = ""
        if let column { text += "column '\(column)': " }
        if let value { text += "'\(Self.display(value))' " }
        return text + message
    }

    public var description: String {
        var text = source
        if let row { text += ":\(row)" }
        return text + ": " + detail
    }

    /// A value as it can be shown in one line: control characters escaped, long values cut.
    public static func display(_ value: String, limit: Int = 80) -> String {
        var text = ""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == limit {
                text += "…"
                break
            }
            switch scalar.value {
            case 0x09: text += "\\t"
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x00..<0x20, 0x7F..<0xA0: text += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: text.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return text
    }
}
