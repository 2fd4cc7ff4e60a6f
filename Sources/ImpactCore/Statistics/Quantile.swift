/// Quantiles by linear interpolation between closest ranks (Hyndman–Fan type 7, numpy's default).
public enum Quantile {
    /// The `p` quantile (0…1) of `sorted` (ascending); nil when empty.
    public static func type7(sorted values: [Double], _ p: Double) -> Double? {
        guard let first = values.first else { return nil }
        guard values.count > 1 else { return first }
        let h = Double(values.count - 1) * p
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let fraction = h - Double(lower)
        return values[lower] + fraction * (values[upper] - values[lower])
    }

    /// The median: the middle value, or the mean of the two middle values for an even count.
    public static func median(sorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let middle = values.count / 2
        if values.count % 2 == 1 { return values[middle] }
        return (values[middle - 1] + values[middle]) / 2
    }

    /// The median of unsorted values.
    public static func median(_ values: [Double]) -> Double? { median(sorted: values.sorted()) }
}
