/// Shannon diversity of categories, reported as the effective number exp(H): "as diverse as N equally
/// common categories" (1 = a single category).
public enum Diversity {
    /// exp(−Σ pᵢ ln pᵢ) over the shares of each category among `members`; nil when empty.
    /// Terms are summed smallest share first, so the result depends only on the shares — two sets with
    /// the same distribution get the very same double, whatever the names or the input order.
    public static func effectiveNumber<Category: Hashable>(of members: [Category]) -> Double? {
        guard !members.isEmpty else { return nil }
        var counts: [Category: Int] = [:]
        for member in members { counts[member, default: 0] += 1 }
        let total = Double(members.count)
        var entropy = 0.0
        for count in counts.values.sorted() {
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
