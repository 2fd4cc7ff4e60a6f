/// Parses the formula language:
///
///     expression  := or
///     or          := and ("or" and)*
///     and         := not ("and" not)*
///     not         := "not" not | comparison
///     comparison  := sum (("=" | "!=" | "<" | "<=" | ">" | ">=") sum)?
///     sum         := product (("+" | "-") product)*
///     product     := unary (("*" | "/") unary)*
///     unary       := "-" unary | primary
///     primary     := number | "text" | true | false | "(" expression ")"
///                  | aggregate "(" table ("." column)? ("where" expression)? ")"
///                  | function "(" expression ("," expression)* ")"
///                  | organization "." attribute
///                  | namespace "." name ("[" "q" (("-" | "+") integer)? "]")?
///                  | column | "partner" "." column           (inside an aggregate)
struct FormulaParser {
    static let aggregates: Set<String> = ["sum", "count", "median", "mean", "distinct"]
    static let functions: Set<String> = ["min", "max", "abs", "coalesce", "if"]

    private let tokens: [FormulaToken]
    private var position = 0
    private var inAggregate = false

    init(_ text: String) throws(FormulaError) {
        tokens = try FormulaLexer.tokens(text)
    }

    mutating func parse() throws(FormulaError) -> FormulaExpression {
        guard tokens.count > 1 else { throw FormulaError(.syntax, column: 1, "the formula is empty") }
        let expression = try parseOr()
        guard case .end = current.kind else {
            throw FormulaError(.syntax, column: current.column, "unexpected \(describe(current))")
        }
        return expression
    }

    private var current: FormulaToken { tokens[position] }

    private func describe(_ token: FormulaToken) -> String {
        switch token.kind {
        case .identifier(let name): return "'\(name)'"
        case .number(let text): return "number '\(text)'"
        case .string(let text): return "text \"\(text)\""
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "end of the formula"
        }
    }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func isKeyword(_ word: String) -> Bool {
        if case .identifier(let name) = current.kind { return name == word }
        return false
    }

    private func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let value) = current.kind { return value == symbol }
        return false
    }

    private mutating func expect(_ symbol: String) throws(FormulaError) {
        guard isSymbol(symbol) else {
            throw FormulaError(.syntax, column: current.column, "expected '\(symbol)' but found \(describe(current))")
        }
        advance()
    }

    private mutating func identifier(_ what: String) throws(FormulaError) -> String {
        guard case .identifier(let name) = current.kind else {
            throw FormulaError(.syntax, column: current.column, "expected \(what) but found \(describe(current))")
        }
        advance()
        return name
    }

    private mutating func parseOr() throws(FormulaError) -> FormulaExpression {
        var left = try parseAnd()
        while isKeyword("or") {
            let column = current.column
            advance()
            left = .binary(operator: "or", left: left, right: try parseAnd(), column: column)
        }
        return left
    }

    private mutating func parseAnd() throws(FormulaError) -> FormulaExpression {
        var left = try parseNot()
        while isKeyword("and") {
            let column = current.column
            advance()
            left = .binary(operator: "and", left: left, right: try parseNot(), column: column)
        }
        return left
    }

    private mutating func parseNot() throws(FormulaError) -> FormulaExpression {
        if isKeyword("not") {
            let column = current.column
            advance()
            return .unary(operator: "not", operand: try parseNot(), column: column)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(FormulaError) -> FormulaExpression {
        let left = try parseSum()
        for symbol in ["=", "!=", "<=", ">=", "<", ">"] where isSymbol(symbol) {
            let column = current.column
            advance()
            return .binary(operator: symbol, left: left, right: try parseSum(), column: column)
        }
        return left
    }

    private mutating func parseSum() throws(FormulaError) -> FormulaExpression {
        var left = try parseProduct()
        while isSymbol("+") || isSymbol("-") {
            guard case .symbol(let symbol) = current.kind else { break }
            let column = current.column
            advance()
            left = .binary(operator: symbol, left: left, right: try parseProduct(), column: column)
        }
        return left
    }

    private mutating func parseProduct() throws(FormulaError) -> FormulaExpression {
        var left = try parseUnary()
        while isSymbol("*") || isSymbol("/") {
            guard case .symbol(let symbol) = current.kind else { break }
            let column = current.column
            advance()
            left = .binary(operator: symbol, left: left, right: try parseUnary(), column: column)
        }
        return left
    }

    private mutating func parseUnary() throws(FormulaError) -> FormulaExpression {
        if isSymbol("-") {
            let column = current.column
            advance()
            return .unary(operator: "-", operand: try parseUnary(), column: column)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(FormulaError) -> FormulaExpression {
        let token = current
        switch token.kind {
        case .number(let text):
            advance()
            return .number(Double(text)!, column: token.column)
        case .string(let text):
            advance()
            return .text(text, column: token.column)
        case .symbol("("):
            advance()
            let inner = try parseOr()
            try expect(")")
            return inner
        case .identifier(let name):
            advance()
            if name == "true" || name == "false" { return .boolean(name == "true", column: token.column) }
            if isSymbol("(") {
                advance()
                if Self.aggregates.contains(name) { return try parseAggregate(name, column: token.column) }
                guard Self.functions.contains(name) else {
                    let all = (Self.functions.union(Self.aggregates)).sorted().joined(separator: ", ")
                    throw FormulaError(.syntax, column: token.column, "unknown function '\(name)' (functions: \(all))")
                }
                var arguments = [try parseOr()]
                while isSymbol(",") {
                    advance()
                    arguments.append(try parseOr())
                }
                try expect(")")
                return .call(function: name, arguments: arguments, column: token.column)
            }
            if name == "organization" {
                try expect(".")
                return .organization(
                    attribute: try identifier("an attribute of the organisation"), column: token.column)
            }
            if inAggregate && !isSymbol(".") { return .column(path: [name], column: token.column) }
            if inAggregate && name == "partner" {
                advance()
                return .column(path: ["partner", try identifier("a column of partners")], column: token.column)
            }
            guard isSymbol(".") else {
                throw FormulaError(
                    .syntax, column: token.column,
                    "'\(name)' is not a metric id (namespace.name), a function or, outside an aggregate, a column")
            }
            advance()
            let metric = name + "." + (try identifier("the name of a metric"))
            var offset = 0
            if isSymbol("[") {
                advance()
                guard isKeyword("q") else {
                    throw FormulaError(.syntax, column: current.column, "expected 'q' in an offset such as [q-4]")
                }
                advance()
                if isSymbol("-") || isSymbol("+") {
                    let negative = isSymbol("-")
                    advance()
                    guard case .number(let text) = current.kind, let value = Int(text) else {
                        throw FormulaError(.syntax, column: current.column, "expected a whole number of quarters")
                    }
                    advance()
                    offset = negative ? -value : value
                }
                try expect("]")
            }
            return .metric(id: metric, offset: offset, column: token.column)
        default:
            throw FormulaError(.syntax, column: token.column, "unexpected \(describe(token))")
        }
    }

    private mutating func parseAggregate(_ function: String, column: Int) throws(FormulaError) -> FormulaExpression {
        let table = try identifier("a table (engagements, active_engagements, launches, financials)")
        var field: [String]?
        if isSymbol(".") {
            advance()
            let first = try identifier("a column")
            if first == "partner" && isSymbol(".") {
                advance()
                field = ["partner", try identifier("a column of partners")]
            } else {
                field = [first]
            }
        }
        var filter: FormulaExpression?
        if isKeyword("where") {
            advance()
            let outer = inAggregate
            inAggregate = true
            filter = try parseOr()
            inAggregate = outer
        }
        try expect(")")
        return .aggregate(function: function, table: table, field: field, filter: filter, column: column)
    }
}
