/// The value of one metric for one organisation in one quarter.
public enum MetricValue: Sendable, Hashable, CustomStringConvertible {
    /// An exact amount in the base currency (unit `money`).
    case money(ExactDecimal)
    /// Any other unit: a binary double, never rounded for display.
    case number(Double)
    /// Undefined, with the reason.
    case null(NullReason)

    /// A count as a value.
    public static func count(_ count: Int) -> MetricValue { .number(Double(count)) }

    /// The value as a double (money converted), nil when null.
    public var doubleValue: Double? {
        switch self {
        case .money(let amount): return amount.doubleValue
        case .number(let number): return number
        case .null: return nil
        }
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The reason when null.
    public var nullReason: NullReason? {
        if case .null(let reason) = self { return reason }
        return nil
    }

    public var description: String {
        switch self {
        case .money(let amount): return amount.description
        case .number(let number): return number.description
        case .null(let reason): return "null (\(reason))"
        }
    }

    /// Equal, or both numbers within `relativeTolerance` of each other (money compares exactly).
    public func isClose(to other: MetricValue, relativeTolerance: Double = 1e-9) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)):
            if a == b { return true }
            return abs(a - b) <= relativeTolerance * max(abs(a), abs(b))
        default:
            return self == other
        }
    }
}
