/// A target value for one metric in one fiscal quarter.
public struct Target: Sendable, Hashable {
    /// nil: the target applies to every organisation (an organisation's own target overrides it).
    public var organization: Identifier?
    public var metric: String
    public var quarter: Quarter
    /// In the metric's unit; a ratio as a fraction (5 % = 0.05).
    public var value: ExactDecimal

    public init(organization: Identifier?, metric: String, quarter: Quarter, value: ExactDecimal) {
        self.organization = organization
        self.metric = metric
        self.quarter = quarter
        self.value = value
    }
}
