/// Shannon diversity of categories, reported as the effective number exp(H): "as diverse as N equally
/// common categories" (1 = a single category).
public enum Diversity {
    /// exp(−Σ pᵢ ln pᵢ) over the shares of each category among `members`; nil when empty.
    /// Terms are summed smallest share first, so the result depends only on the shares — two sets with
    /// the same distribution get the very same double, whatever the names or the input order.
    public static func effectiveNumber<Category: Hashable>(of members: [Category]) -> Double? {
        var counts: [Category: Int] = [:]
        for member in members { counts[member, default: 0] += 1 }
        return effectiveNumber(counts: Array(counts.values))
    }

    /// The same from the number of members in each category (categories with none are ignored).
    public static func effectiveNumber(counts: [Int]) -> Double? {
        let sorted = counts.filter { $0 > 0 }.sorted()
        let total = Double(sorted.reduce(0, +))
        guard total > 0 else { return nil }
        var entropy = 0.0
        for count in sorted {
            let share = Double(count) / total
            entropy -= share * log(share)
        }
        return exp(entropy)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
