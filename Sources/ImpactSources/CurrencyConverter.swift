import ImpactCore

/// Converts amounts to the base currency at the rate of the fiscal quarter they belong to, rounding half
/// to even to the base currency's minor unit. A missing rate is logged once per source, currency and
/// quarter, at the first row that needs it.
struct CurrencyConverter {
    struct Key: Hashable {
        let currency: Currency
        let quarter: Quarter
    }

    let base: Currency
    let rates: [Key: ExactDecimal]
    private var reported = Set<[String]>()

    init(base: Currency, rates: [Key: ExactDecimal]) {
        self.base = base
        self.rates = rates
    }

    /// The amount in the base currency; nil, without a word, when no rate exists or the result is too
    /// large (`convert` says why).
    func converted(_ amount: ExactDecimal, from currency: Currency, in quarter: Quarter) -> ExactDecimal? {
        guard currency != base else { return amount }
        guard let rate = rates[Key(currency: currency, quarter: quarter)] else { return nil }
        return Money(amount, currency).converted(to: base, rate: rate)?.amount
    }

    /// The amount in the base currency; nil (with an error logged) when no rate exists or the result is
    /// too large.
    mutating func convert(
        _ amount: ExactDecimal, from currency: Currency, in quarter: Quarter, source: String, row: Int,
        log: inout DiagnosticLog
    ) -> ExactDecimal? {
        if let converted = converted(amount, from: currency, in: quarter) { return converted }
        if let rate = rates[Key(currency: currency, quarter: quarter)] {
            log.error(
                source, row: row, value: amount.description,
                "is too large to convert from '\(currency)' at rate '\(rate)'")
        } else if reported.insert([source, currency.code, quarter.description]).inserted {
            log.error(
                source, row: row, column: "currency", value: currency.code,
                "has no fx_rates row for '\(quarter)' (this is the first row that needs it)")
        }
        return nil
    }
}
