/// A formula that cannot be used, with the column (1-based character position) where it went wrong.
public struct FormulaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case syntax
        case unknownMetric = "unknown metric"
        case unknownColumn = "unknown column"
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
