/// Concentration of a total across contributors (partners).
public enum Concentration {
    /// Herfindahl–Hirschman index on the 0–10,000 scale: 10,000 × Σ (vⱼ / V)². nil when V = 0.
    public static func hhi(_ values: [ExactDecimal]) -> Double? {
        let total = values.reduce(ExactDecimal.zero, +)
        guard !total.isZero else { return nil }
        let denominator = total.doubleValue
        var sum = 0.0
        // Smallest first: the same shares give the same double in any order.
        for value in values.sorted() {
            let share = value.doubleValue / denominator
            sum += share * share
        }
        return 10_000 * sum
    }

    /// The largest value's share of the total; nil when the total is 0.
    public static func topShare(_ values: [ExactDecimal]) -> Double? {
        let total = values.reduce(ExactDecimal.zero, +)
        guard !total.isZero, let top = values.max() else { return nil }
        return top.ratio(to: total)
    }

    /// The HHI band of the US merger guidelines (2010).
    public enum Band: String, Sendable {
        case unconcentrated
        case moderatelyConcentrated = "moderately_concentrated"
        case highlyConcentrated = "highly_concentrated"

        /// Below 1,500 unconcentrated; 1,500–2,500 moderately; above 2,500 highly concentrated.
        public init(hhi: Double) {
            if hhi < 1_500 {
                self = .unconcentrated
            } else if hhi <= 2_500 {
                self = .moderatelyConcentrated
            } else {
                self = .highlyConcentrated
            }
        }
    }
}
