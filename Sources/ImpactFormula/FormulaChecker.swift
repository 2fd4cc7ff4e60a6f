import ImpactCore

/// Checks a formula before any data is read: every metric and column exists, and every operator gets
/// the types it needs. Returns the type of the result.
struct FormulaChecker {
    /// The unit of each metric a formula may refer to.
    let metricUnits: [String: MetricUnit]

    func type(of expression: FormulaExpression, table: String? = nil) throws(FormulaError) -> FormulaType {
        switch expression {
        case .number: return .number
        case .text: return .text
        case .boolean: return .bool
        case .metric(let id, _, let column):
            guard let unit = metricUnits[id] else {
                throw FormulaError(.unknownMetric, column: column, "unknown metric '\(id)' (see 'impact metrics')")
            }
            return unit == .money ? .money : .number
        case .organization(let attribute, let column):
            guard let type = FormulaSchema.organizationAttributes[attribute] else {
                let names = FormulaSchema.organizationAttributes.keys.sorted().joined(separator: ", ")
                throw FormulaError(
                    .unknownColumn, column: column,
                    "unknown attribute 'organization.\(attribute)' (attributes: \(names))")
            }
            return type
        case .column(let path, let column):
            guard let table, let type = FormulaSchema.columnType(path, table: table) else {
                throw FormulaError(
                    .unknownColumn, column: column,
                    "unknown column '\(path.joined(separator: "."))' of '\(table ?? "")' (columns: \(FormulaSchema.columnList(table ?? "")))"
                )
            }
            return type
        case .aggregate(let function, let name, let field, let filter, let column):
            guard FormulaSchema.tables[name] != nil else {
                let names = FormulaSchema.tables.keys.sorted().joined(separator: ", ")
                throw FormulaError(.unknownColumn, column: column, "unknown table '\(name)' (tables: \(names))")
            }
            var fieldType: FormulaType?
            if let field {
                guard let type = FormulaSchema.columnType(field, table: name) else {
                    throw FormulaError(
                        .unknownColumn, column: column,
                        "unknown column '\(field.joined(separator: "."))' of '\(name)' (columns: \(FormulaSchema.columnList(name)))"
                    )
                }
                fieldType = type
            }
            if let filter {
                let type = try self.type(of: filter, table: name)
                guard type == .bool else {
                    throw FormulaError(
                        .type, column: filter.column, "a 'where' condition must be yes or no, not \(type.rawValue)")
                }
            }
            switch function {
            case "count", "distinct": return .number
            default:
                guard let fieldType else {
                    throw FormulaError(
                        .type, column: column, "\(function)() needs a column, e.g. \(function)(\(name).value)")
                }
                guard fieldType.isNumeric else {
                    throw FormulaError(
                        .type, column: column, "\(function)() needs a number or money column, not \(fieldType.rawValue)"
                    )
                }
                return function == "sum" ? fieldType : .number
            }
        case .call(let function, let arguments, let column):
            let types = try arguments.map { (argument) throws(FormulaError) -> FormulaType in
                try type(of: argument, table: table)
            }
            switch function {
            case "abs":
                guard types.count == 1, types[0].isNumeric else {
                    throw FormulaError(.type, column: column, "abs() takes one number")
                }
                return types[0]
            case "min", "max":
                guard types.count >= 2, types.allSatisfy(\.isNumeric) else {
                    throw FormulaError(.type, column: column, "\(function)() takes two or more numbers")
                }
                return types.allSatisfy { $0 == .money } ? .money : .number
            case "coalesce":
                guard let first = types.first else {
                    throw FormulaError(.type, column: column, "coalesce() needs values")
                }
                if types.allSatisfy({ $0 == first }) { return first }
                guard types.allSatisfy(\.isNumeric) else {
                    throw FormulaError(.type, column: column, "coalesce() needs values of one type")
                }
                return .number
            case "if":
                guard types.count == 3 else {
                    throw FormulaError(.type, column: column, "if() takes a condition and two values")
                }
                guard types[0] == .bool else {
                    throw FormulaError(
                        .type, column: arguments[0].column,
                        "the condition of if() must be yes or no, not \(types[0].rawValue)")
                }
                if types[1] == types[2] { return types[1] }
                guard types[1].isNumeric && types[2].isNumeric else {
                    throw FormulaError(
                        .type, column: column,
                        "both values of if() must have one type, not \(types[1].rawValue) and \(types[2].rawValue)")
                }
                return .number
            default:
                throw FormulaError(.syntax, column: column, "unknown function '\(function)'")
            }
        case .unary(let op, let operand, let column):
            let type = try self.type(of: operand, table: table)
            if op == "not" {
                guard type == .bool else {
                    throw FormulaError(.type, column: column, "'not' needs yes or no, not \(type.rawValue)")
                }
                return .bool
            }
            guard type.isNumeric else {
                throw FormulaError(.type, column: column, "'-' needs a number, not \(type.rawValue)")
            }
            return type
        case .binary(let op, let left, let right, let column):
            let a = try type(of: left, table: table)
            let b = try type(of: right, table: table)
            switch op {
            case "and", "or":
                guard a == .bool && b == .bool else {
                    throw FormulaError(
                        .type, column: column,
                        "'\(op)' needs yes or no on both sides, not \(a.rawValue) and \(b.rawValue)")
                }
                return .bool
            case "=", "!=", "<", "<=", ">", ">=":
                let comparable = (a.isNumeric && b.isNumeric) || a == b
                guard comparable, a != .bool || op == "=" || op == "!=" else {
                    throw FormulaError(
                        .type, column: column, "cannot compare \(a.rawValue) with \(b.rawValue) using '\(op)'")
                }
                // `kind = "grnt"` would be false for every row, silently.
                for (side, other) in [(left, right), (right, left)] {
                    guard let (name, values) = FormulaSchema.listedValues(side, table: table),
                        case .text(let text, let textColumn) = other, !values.contains(text)
                    else { continue }
                    throw FormulaError(
                        .unknownValue, column: textColumn,
                        "'\(text)' is not a \(name) (\(values.joined(separator: ", ")); written in lower case)")
                }
                return .bool
            case "+", "-":
                guard a.isNumeric && b.isNumeric else {
                    throw FormulaError(
                        .type, column: column, "'\(op)' needs numbers, not \(a.rawValue) and \(b.rawValue)")
                }
                if a == .money && b == .money { return .money }
                guard a == b else {
                    throw FormulaError(.type, column: column, "cannot add or subtract money and a plain number")
                }
                return .number
            case "*":
                guard a.isNumeric && b.isNumeric else {
                    throw FormulaError(.type, column: column, "'*' needs numbers, not \(a.rawValue) and \(b.rawValue)")
                }
                guard !(a == .money && b == .money) else {
                    throw FormulaError(.type, column: column, "cannot multiply money by money")
                }
                return a == .money || b == .money ? .money : .number
            case "/":
                guard a.isNumeric && b.isNumeric else {
                    throw FormulaError(.type, column: column, "'/' needs numbers, not \(a.rawValue) and \(b.rawValue)")
                }
                return a == .money && b == .number ? .money : .number
            default:
                throw FormulaError(.syntax, column: column, "unknown operator '\(op)'")
            }
        }
    }

    /// The metrics a formula refers to.
    static func references(_ expression: FormulaExpression) -> [(id: String, column: Int)] {
        switch expression {
        case .metric(let id, _, let column): return [(id, column)]
        case .aggregate(_, _, _, let filter, _): return filter.map(references) ?? []
        case .call(_, let arguments, _): return arguments.flatMap(references)
        case .unary(_, let operand, _): return references(operand)
        case .binary(_, let left, let right, _): return references(left) + references(right)
        default: return []
        }
    }
}
