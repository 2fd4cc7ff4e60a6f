/// An exact amount in a currency.
public struct Money: Sendable, Hashable, CustomStringConvertible {
    public var amount: ExactDecimal
    public var currency: Currency

    public init(_ amount: ExactDecimal, _ currency: Currency) {
        self.amount = amount
        self.currency = currency
    }

    public var description: String { "\(amount) \(currency.code)" }

    /// This amount in another currency at `rate` units of that currency per unit of this one, rounded
    /// half to even to the target's minor unit; nil if the product is too large to represent.
    public func converted(to target: Currency, rate: ExactDecimal) -> Money? {
        let digits = min(target.minorUnitDigits, ExactDecimal.scale)
        guard let value = amount.multiplied(by: rate, roundedTo: digits) else { return nil }
        return Money(value, target)
    }
}
