/// Why an aggregate is not published.
public enum DisclosureRule: String, Sendable, Hashable, CaseIterable {
    /// Fewer than k values.
    case minFrequency = "min_frequency"
    /// For money: the two largest values exceed 85 % of the total — the (2, 85) rule.
    case dominance
    /// The only other suppressed group of its dimension could be recovered from the total.
    case secondary

    /// One sentence for footnotes.
    public func explanation(k: Int) -> String {
        switch self {
        case .minFrequency: return "fewer than \(k) members have a value (minimum frequency)"
        case .dominance: return "the two largest values make up more than 85 % of the total (dominance)"
        case .secondary:
            return "withheld so that another withheld group cannot be worked out from the total (secondary suppression)"
        }
    }
}
