/// A target for one organisation, metric and quarter, with the value reached.
public struct TargetResult: Sendable, Hashable {
    public let metric: String
    public let organization: Identifier
    public let quarter: Quarter
    public let target: ExactDecimal
    public let value: MetricValue
    /// `value ≥ target` for higher-is-better metrics, `value ≤ target` for lower-is-better ones; nil when
    /// the value is null or the metric is neutral.
    public let met: Bool?

    public init(
        metric: String, organization: Identifier, quarter: Quarter, target: ExactDecimal, value: MetricValue,
        met: Bool?
    ) {
        self.metric = metric
        self.organization = organization
        self.quarter = quarter
        self.target = target
        self.value = value
        self.met = met
    }

    /// Whether `value` meets `target` for a metric going in `direction` (exact for money).
    public static func isMet(value: MetricValue, target: ExactDecimal, direction: MetricDirection) -> Bool? {
        switch (direction, value) {
        case (.neutral, _), (_, .null): return nil
        case (.higherIsBetter, .money(let amount)): return amount >= target
        case (.lowerIsBetter, .money(let amount)): return amount <= target
        case (.higherIsBetter, .number(let number)): return number >= target.doubleValue
        case (.lowerIsBetter, .number(let number)): return number <= target.doubleValue
        }
    }
}
