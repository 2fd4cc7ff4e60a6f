/// A formula made only of metric values, numbers and `+ - * /`: the form another engine (a database) can
/// compute with the evaluator's rules — nulls propagate with their reason, a division by zero is null
/// with reason `zero_base`, money stays exact under `+` and `-`.
public indirect enum ArithmeticFormula: Sendable, Hashable {
    /// A metric's value `offset` quarters from the one computed.
    case metric(id: String, offset: Int)
    case number(Double)
    case negate(ArithmeticFormula)
    case binary(operator: Character, left: ArithmeticFormula, right: ArithmeticFormula)

    /// The metric references, each once.
    public var references: [(id: String, offset: Int)] {
        var seen: [String: Set<Int>] = [:]
        var list: [(String, Int)] = []
        func visit(_ formula: ArithmeticFormula) {
            switch formula {
            case .metric(let id, let offset):
                if seen[id, default: []].insert(offset).inserted { list.append((id, offset)) }
            case .number: break
            case .negate(let operand): visit(operand)
            case .binary(_, let left, let right):
                visit(left)
                visit(right)
            }
        }
        visit(self)
        return list
    }
}

extension DeclarativeMetric {
    /// The formula as arithmetic over metrics, or why it is not: it reads table rows, calls a function,
    /// compares, or uses an organisation's attributes.
    public var arithmetic: Result<ArithmeticFormula, ArithmeticUnsupported> {
        Self.arithmetic(expression)
    }

    static func arithmetic(_ expression: FormulaExpression) -> Result<ArithmeticFormula, ArithmeticUnsupported> {
        switch expression {
        case .number(let value, _): return .success(.number(value))
        case .metric(let id, let offset, _): return .success(.metric(id: id, offset: offset))
        case .unary("-", let operand, _): return arithmetic(operand).map { .negate($0) }
        case .binary(let op, let left, let right, _) where ["+", "-", "*", "/"].contains(op):
            return arithmetic(left).flatMap { l in
                arithmetic(right).map { r in .binary(operator: Character(op), left: l, right: r) }
            }
        case .aggregate(let function, let table, _, _, _):
            return .failure(ArithmeticUnsupported("it reads rows of \(table) with \(function)(…)"))
        case .call(let function, _, _):
            return .failure(ArithmeticUnsupported("it calls \(function)(…)"))
        case .organization:
            return .failure(ArithmeticUnsupported("it uses an organisation's attributes"))
        case .binary(let op, _, _, _), .unary(let op, _, _):
            return .failure(ArithmeticUnsupported("it uses '\(op)'"))
        case .text, .boolean, .column:
            return .failure(ArithmeticUnsupported("it uses text, booleans or columns"))
        }
    }
}

/// Why a formula is not plain arithmetic over metrics.
public struct ArithmeticUnsupported: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
