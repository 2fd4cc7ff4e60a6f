import ImpactCore

/// `partners.actor_type_diversity` and `partners.sector_diversity`: the effective number exp(H) of the
/// active partners' actor types or known sectors.
public struct PartnerDiversity: Metric {
    public let descriptor: MetricDescriptor
    /// Which attribute of a partner is the category.
    enum Category: Sendable {
        case actorType
        /// Partners whose sector is unknown are left out.
        case sector
    }
    let category: Category

    public static let actorType = PartnerDiversity(
        descriptor: MetricDescriptor(
            id: "partners.actor_type_diversity", title: "Actor-type diversity",
            summary: "Effective number of actor types (exp of Shannon entropy) among the quarter's active partners.",
            unit: .effectiveNumber, direction: .higherIsBetter, additive: false,
            examples: [
                MetricExample("Three actor types, one partner each: 3", quarter: "2026-Q1", expected: .number(3)) {
                    try PartnerExamples.network()
                },
                MetricExample("No active partners", quarter: "2026-Q1", expected: .null(.noPartners)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").build()
                },
            ]),
        category: .actorType)

    public static let sector = PartnerDiversity(
        descriptor: MetricDescriptor(
            id: "partners.sector_diversity", title: "Sector diversity",
            summary:
                "Effective number of sectors (exp of Shannon entropy) among active partners whose sector is known.",
            unit: .effectiveNumber, direction: .higherIsBetter, additive: false,
            examples: [
                MetricExample(
                    "Two known sectors, one each; the lab's is unknown: 2", quarter: "2026-Q1",
                    expected: .number(2)
                ) { try PartnerExamples.network() },
                MetricExample("No partner's sector known", quarter: "2026-Q1", expected: .null(.noData)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").partner("lab", .other)
                        .engagement("acme", "lab", .event, started: "2026-01-05").build()
                },
                MetricExample("No active partners", quarter: "2026-Q1", expected: .null(.noPartners)) {
                    try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").build()
                },
            ]),
        category: .sector)

    public func value(in context: MetricContext) -> MetricValue {
        guard context.activePartnerCount() > 0 else { return .null(.noPartners) }
        // Counted without hashing: actor types by their position in the enumeration, sectors by their
        // codes in ascending order (this runs for every organisation and quarter).
        var counts: [Int] = []
        switch category {
        case .actorType:
            // The list of cases made once: `allCases` is a new array each time it is asked for (asked once
            // per active partner, it cost 0.13 s of CPU in a full-size portfolio report, measured).
            let cases = ActorType.allCases
            counts = [Int](repeating: 0, count: cases.count)
            for type in context.activePartnerActorTypes() {
                counts[cases.firstIndex(of: type)!] += 1
            }
        case .sector:
            // One code per active partner whose sector is known.
            counts = Self.counts(of: context.activePartnerSectorCodes().partners.compactMap { $0 })
        }
        let diversity = Diversity.effectiveNumber(counts: counts)
        guard let diversity else { return .null(.noData) }
        return .number(diversity)
    }

    /// How many times each code occurs, in ascending order of code (zeros left out). Tallied in an array
    /// over the codes' range when it is small, as sector codes are: sorting the codes to count their runs
    /// was 5 % of a full-size portfolio report's CPU (profiled). The order is the sort's, so the entropy
    /// is summed in the same order, to the last bit.
    static func counts(of codes: [Int]) -> [Int] {
        guard let lowest = codes.min(), let highest = codes.max() else { return [] }
        guard highest - lowest < 4_096 else {
            var counts: [Int] = []
            var previous: Int?
            for code in codes.sorted() {
                if code == previous { counts[counts.count - 1] += 1 } else { counts.append(1) }
                previous = code
            }
            return counts
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: highest - lowest + 1) { tally in
            tally.initialize(repeating: 0)
            for code in codes { tally[code - lowest] += 1 }
            return tally.filter { $0 > 0 }
        }
    }
}
