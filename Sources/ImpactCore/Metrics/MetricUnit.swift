/// What a metric's value measures.
public enum MetricUnit: String, Sendable, Hashable, CaseIterable {
    /// An exact amount in the base currency.
    case money
    /// A fraction (0.05 = 5 %).
    case ratio
    case count
    case days
    /// The number of equally common categories with the same Shannon diversity.
    case effectiveNumber = "effective_number"
    /// Herfindahl–Hirschman index points, 0–10,000.
    case hhiPoints = "hhi_points"
}
