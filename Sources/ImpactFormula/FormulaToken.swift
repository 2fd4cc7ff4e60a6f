/// A token of the formula language, with its 1-based column.
struct FormulaToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case number(String)
        case string(String)
        case symbol(String)
        case end
    }

    let kind: Kind
    let column: Int
}

/// Splits a formula into tokens.
enum FormulaLexer {
    static func tokens(_ text: String) throws(FormulaError) -> [FormulaToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [FormulaToken] = []
        var index = 0
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
        }
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }
        while index < scalars.count {
            let scalar = scalars[index]
            let column = index + 1
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                index += 1
            } else if isLetter(scalar) {
                var end = index
                while end < scalars.count && (isLetter(scalars[end]) || isDigit(scalars[end])) { end += 1 }
                tokens.append(
                    FormulaToken(
                        kind: .identifier(String(String.UnicodeScalarView(scalars[index..<end]))), column: column))
                index = end
            } else if isDigit(scalar) {
                var end = index
                while end < scalars.count && isDigit(scalars[end]) { end += 1 }
                if end < scalars.count && scalars[end] == "." && end + 1 < scalars.count && isDigit(scalars[end + 1]) {
                    end += 1
                    while end < scalars.count && isDigit(scalars[end]) { end += 1 }
                }
                tokens.append(
                    FormulaToken(kind: .number(String(String.UnicodeScalarView(scalars[index..<end]))), column: column))
                index = end
            } else if scalar == "\"" {
                var value = String.UnicodeScalarView()
                var end = index + 1
                var closed = false
                while end < scalars.count {
                    if scalars[end] == "\\" && end + 1 < scalars.count {
                        value.append(scalars[end + 1])
                        end += 2
                        continue
                    }
                    if scalars[end] == "\"" {
                        closed = true
                        break
                    }
                    value.append(scalars[end])
                    end += 1
                }
                guard closed else { throw FormulaError(.syntax, column: column, "a text in quotes is never closed") }
                tokens.append(FormulaToken(kind: .string(String(value)), column: column))
                index = end + 1
            } else {
                let two = index + 1 < scalars.count ? String(scalar) + String(scalars[index + 1]) : ""
                if ["<=", ">=", "!=", "=="].contains(two) {
                    tokens.append(FormulaToken(kind: .symbol(two == "==" ? "=" : two), column: column))
                    index += 2
                } else if "+-*/()[],.=<>".unicodeScalars.contains(scalar) {
                    tokens.append(FormulaToken(kind: .symbol(String(scalar)), column: column))
                    index += 1
                } else {
                    throw FormulaError(.syntax, column: column, "unexpected character '\(scalar)'")
                }
            }
        }
        tokens.append(FormulaToken(kind: .end, column: scalars.count + 1))
        return tokens
    }
}
