import ImpactCore

/// A value while a formula is evaluated.
enum FormulaValue: Sendable {
    case number(Double)
    case money(ExactDecimal)
    case text(String)
    case bool(Bool)
    case date(CalendarDate)
    case null(NullReason)

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    var double: Double? {
        switch self {
        case .number(let value): return value
        case .money(let value): return value.doubleValue
        default: return nil
        }
    }

    init(_ value: MetricValue) {
        switch value {
        case .money(let amount): self = .money(amount)
        case .number(let number): self = .number(number)
        case .null(let reason): self = .null(reason)
        }
    }

    /// A plain number as an exact decimal (rounded to six places), for money arithmetic.
    static func decimal(_ number: Double) -> ExactDecimal? {
        let scaled = (number * 1_000_000).rounded()
        guard scaled.isFinite, abs(scaled) < 1e37 else { return nil }
        return ExactDecimal(micros: Int128(scaled))
    }
}
