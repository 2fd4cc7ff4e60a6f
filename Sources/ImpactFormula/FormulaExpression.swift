/// The syntax tree of a formula. Every node keeps the column it starts at, for error messages.
indirect enum FormulaExpression: Sendable {
    case number(Double, column: Int)
    case text(String, column: Int)
    case boolean(Bool, column: Int)
    /// Another metric's value, `offset` quarters from the one computed (`revenue.total[q-4]`).
    case metric(id: String, offset: Int, column: Int)
    /// An attribute of the organisation: `organization.sector`.
    case organization(attribute: String, column: Int)
    /// A column of the current row inside an aggregation's `where` or argument.
    case column(path: [String], column: Int)
    /// `sum(engagements.value where …)`, `count(launches where …)`.
    case aggregate(function: String, table: String, field: [String]?, filter: FormulaExpression?, column: Int)
    case call(function: String, arguments: [FormulaExpression], column: Int)
    case unary(operator: String, operand: FormulaExpression, column: Int)
    case binary(operator: String, left: FormulaExpression, right: FormulaExpression, column: Int)

    var column: Int {
        switch self {
        case .number(_, let column), .text(_, let column), .boolean(_, let column), .metric(_, _, let column),
            .organization(_, let column), .column(_, let column), .aggregate(_, _, _, _, let column),
            .call(_, _, let column), .unary(_, _, let column), .binary(_, _, _, let column):
            return column
        }
    }
}
