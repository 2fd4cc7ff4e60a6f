/// A formula that cannot be used, with the column (1-based character position) where it went wrong.
public struct FormulaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case syntax
        case unknownMetric = "unknown metric"
        case unknownColumn = "unknown column"
        /// A text compared with a column of listed values (a kind, an actor type, a size band) that it
        /// cannot equal.
        case unknownValue = "unknown value"
        case type, cycle
    }

    public let kind: Kind
    public let column: Int
    public let message: String

    public init(_ kind: Kind, column: Int, _ message: String) {
        self.kind = kind
        self.column = column
        self.message = message
    }

    public var description: String { "formula column \(column): \(message)" }
}
