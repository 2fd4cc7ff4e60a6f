// String literals for quarters, for examples and tests. A malformed literal is a programming
// error; data from users goes through the failable initialisers.

extension Quarter: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let quarter = Quarter(value) else { preconditionFailure("'\(value)' is not a quarter label") }
        self = quarter
    }
}
