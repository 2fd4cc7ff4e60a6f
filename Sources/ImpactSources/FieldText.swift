import ImpactCore

/// Reading the text of one field as a value of the data contract's field types.
public enum FieldText {
    /// Removes surrounding spaces and tabs (and nothing else).
    public static func trim(_ text: String) -> String {
        let bytes = text.utf8
        // Most fields have nothing to trim: return them as they are, without a copy.
        if let first = bytes.first, let last = bytes.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 {
            return text
        }
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        return String(text[first...last])
    }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: return nil
        }
    }

}

/// How numbers are written in a source. The contract's form is `1234.56`: no grouping, `.` as the mark.
public struct NumberFormat: Sendable, Hashable {
    public var decimalMark: Character
    /// A grouping separator allowed between groups of three integer digits, e.g. `.` in `1.234,56`.
    public var grouping: Character?

    public init(decimalMark: Character = ".", grouping: Character? = nil) {
        self.decimalMark = decimalMark
        self.grouping = grouping
    }

    public static let canonical = NumberFormat()

    /// The text in canonical form, or nil when grouping is misplaced.
    func normalize(_ text: String) -> String? {
        if decimalMark == "." && grouping == nil { return text }
        var integer = text
        var fraction: Substring?
        if let mark = text.lastIndex(of: decimalMark) {
            integer = String(text[..<mark])
            fraction = text[text.index(after: mark)...]
        }
        if let grouping, integer.contains(grouping) {
            var digits = integer
            let negative = digits.hasPrefix("-")
            if negative { digits.removeFirst() }
            let groups = digits.split(separator: grouping, omittingEmptySubsequences: false)
            guard let head = groups.first, (1...3).contains(head.count),
                groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return nil }
            integer = (negative ? "-" : "") + groups.joined()
        }
        return fraction.map { integer + "." + $0 } ?? integer
    }
}
