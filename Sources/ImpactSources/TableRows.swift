import ImpactCore

/// A typed row with where it came from.
struct Located<Value: Sendable>: Sendable {
    let source: String
    let row: Int
    let value: Value
}

struct FinancialRow {
    let organization: Identifier
    let period: Period
    let revenue: ExactDecimal?
    let operatingCosts: ExactDecimal?
    let ecosystemRevenue: ExactDecimal?
    let costSavings: ExactDecimal?
    let currency: Currency

    var hasAmounts: Bool {
        revenue != nil || operatingCosts != nil || ecosystemRevenue != nil || costSavings != nil
    }
}

struct EngagementRow {
    let engagement: Engagement
    let currency: Currency
    let valueGiven: Bool
}

struct FxRateRow {
    let currency: Currency
    let quarter: Quarter
    let rate: ExactDecimal
}
