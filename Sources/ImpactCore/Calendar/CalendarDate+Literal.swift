// String literals for days, for examples and tests. A malformed literal is a programming
// error; data from users goes through the failable initialisers.

extension CalendarDate: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let date = CalendarDate(iso: value) else { preconditionFailure("'\(value)' is not a YYYY-MM-DD date") }
        self = date
    }
}
