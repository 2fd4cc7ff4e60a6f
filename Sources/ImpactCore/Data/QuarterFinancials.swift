/// An organisation's financial figures for one fiscal quarter, in the base currency.
///
/// Exists only for a quarter in which the organisation *reports* (a quarter row, or all three month
/// rows). A nil figure is unknown — left empty in the source, or empty in any of the quarter's months.
public struct QuarterFinancials: Sendable, Hashable {
    public var organization: Identifier
    public var quarter: Quarter
    public var revenue: ExactDecimal?
    public var operatingCosts: ExactDecimal?
    /// Revenue attributable to ecosystem partnerships.
    public var ecosystemRevenue: ExactDecimal?
    /// Savings from shared resources and collaborations.
    public var costSavings: ExactDecimal?

    public init(
        organization: Identifier, quarter: Quarter, revenue: ExactDecimal? = nil,
        operatingCosts: ExactDecimal? = nil, ecosystemRevenue: ExactDecimal? = nil,
        costSavings: ExactDecimal? = nil
    ) {
        self.organization = organization
        self.quarter = quarter
        self.revenue = revenue
        self.operatingCosts = operatingCosts
        self.ecosystemRevenue = ecosystemRevenue
        self.costSavings = costSavings
    }
}
