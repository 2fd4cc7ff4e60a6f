import Foundation
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

    /// A number's text with an exponent — as C's `%g` writes a double below 0.0001 (`3.7e-05`) — in plain
    /// decimal notation, exactly (the decimal point moved in the text; no binary floating point); nil when
    /// the text has no exponent, or when its plain form would not be an amount (more than 15 integer
    /// digits or 6 decimals). For numbers stored as doubles (`decimalText`): text the user wrote keeps its
    /// exponent and is refused, as DATA.md says.
    static func plainDecimal(_ literal: String) -> String? {
        guard let marker = literal.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(literal[literal.index(after: marker)...]), abs(exponent) <= 40
        else { return nil }
        var mantissa = literal[..<marker]
        let negative = mantissa.first == "-"
        if negative { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        func digitsOnly(_ text: Substring) -> Bool { text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard digitsOnly(parts[0]), parts.count == 1 || digitsOnly(parts[1]) else { return nil }
        var digits = Array(parts[0]) + (parts.count > 1 ? Array(parts[1]) : [])
        guard !digits.isEmpty else { return nil }
        var point = parts[0].count + exponent
        if point < 0 {
            digits = Array(repeating: "0", count: -point) + digits
            point = 0
        }
        if point > digits.count { digits += Array(repeating: "0", count: point - digits.count) }
        var integer = String(digits[..<point].drop(while: { $0 == "0" }))
        var fraction = String(digits[point...])
        while fraction.last == "0" { fraction.removeLast() }
        if integer.isEmpty { integer = "0" }
        let sign = negative && (integer != "0" || !fraction.isEmpty) ? "-" : ""
        let plain = sign + integer + (fraction.isEmpty ? "" : "." + fraction)
        return ExactDecimal(plain) != nil ? plain : nil
    }

    /// A binary floating-point number — a spreadsheet cell's, a SQLite REAL — as a person reads it: to 15
    /// significant digits, as spreadsheet programs show numbers (0.1 + 0.2 is 0.3, not
    /// 0.30000000000000004; a double holds no more), in plain decimal notation (0.000015, not 1.5e-05).
    /// Its shortest exact text when that is not an amount (beyond 15 integer digits), so that it is reported
    /// as stored.
    public static func decimalText(_ double: Double) -> String {
        guard double.isFinite else { return double.description }
        if double.rounded() == double, abs(double) < 1e15 { return String(Int64(double)) }
        // "%.15g" is C's: a '.' whatever the locale, trailing zeros dropped.
        let significant = String(format: "%.15g", double)
        if let plain = plainDecimal(significant) { return plain }
        return significant.contains("e") ? double.description : significant
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
