import ImpactCore
import Testing

@Suite struct StatisticsTests {
    // Expected values computed with numpy.quantile(values, p) (method "linear", Hyndman–Fan type 7).
    @Test(arguments: [
        ([1.0, 2, 3, 4], 0.85, 3.55), ([10.0, 30, 90], 0.85, 72.0), ([5.0], 0.85, 5.0), ([1.0, 2], 0.25, 1.25),
        ([3.0, 1, 2, 10, 7], 0.5, 3.0), ([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.85, 8.65), ([0.0, 100], 1.0, 100.0),
        ([0.0, 100], 0.0, 0.0),
    ])
    func type7Quantiles(values: [Double], p: Double, expected: Double) throws {
        let result = try #require(Quantile.type7(sorted: values.sorted(), p))
        #expect(abs(result - expected) < 1e-12)
    }

    @Test func medianTakesTheMeanOfTheMiddlePair() {
        #expect(Quantile.median([4, 1, 3, 2]) == 2.5)
        #expect(Quantile.median([7, 1, 3]) == 3)
        #expect(Quantile.median([]) == nil)
    }

    @Test func effectiveNumberMatchesTheDomainTestVector() throws {
        // Shares 0.5 / 0.3 / 0.2: H = 1.0297 nats, exp(H) = 2.80.
        let members =
            Array(repeating: "a", count: 5) + Array(repeating: "b", count: 3) + Array(repeating: "c", count: 2)
        let diversity = try #require(Diversity.effectiveNumber(of: members))
        #expect(abs(log(diversity) - 1.0297) < 5e-5)
        #expect(abs(diversity - 2.80) < 5e-3)
        #expect(Diversity.effectiveNumber(of: ["x", "x"]) == 1)
        #expect(Diversity.effectiveNumber(of: ["a", "b", "c", "d"]).map { abs($0 - 4) < 1e-12 } == true)
        #expect(Diversity.effectiveNumber(of: [String]()) == nil)
    }

    @Test func herfindahlAndTopShare() {
        #expect(Concentration.hhi([50, 30, 20]).map { abs($0 - 3_800) < 1e-9 } == true)
        #expect(Concentration.hhi([7]) == 10_000)
        #expect(Concentration.hhi([0, 0]) == nil)
        #expect(Concentration.topShare([50, 30, 20]) == 0.5)
        #expect(Concentration.Band(hhi: 1_499.9) == .unconcentrated)
        #expect(Concentration.Band(hhi: 1_500) == .moderatelyConcentrated)
        #expect(Concentration.Band(hhi: 2_500) == .moderatelyConcentrated)
        #expect(Concentration.Band(hhi: 2_500.1) == .highlyConcentrated)
    }
}

/// `Quantile.type7(selecting:_:)` against the sorted form it stands in for: the same quantiles, bit for
/// bit, whatever the values (many equal ones, few distinct, sorted already or reversed, adversarial
/// orders for the pivot, up to sizes where the selection partitions many times), with negative zero as
/// zero.
@Suite struct QuantileSelectionTests {
    static let probabilities = [0.25, 0.5, 0.75]

    static func check(_ values: [Double], _ probabilities: [Double] = probabilities, _ label: String = "") {
        let sorted = values.sorted()
        var selected = values
        let result = Quantile.type7(selecting: &selected, probabilities)
        let expected = probabilities.map { Quantile.type7(sorted: sorted, $0)! + 0 }
        // Bit for bit: the same value and sign.
        #expect(result?.map(\.bitPattern) == expected.map(\.bitPattern), "\(label)")
        #expect(selected.sorted() == sorted, "a permutation of the values \(label)")
    }

    @Test func smallSizesEveryOrder() {
        var empty: [Double] = []
        #expect(Quantile.type7(selecting: &empty, Self.probabilities) == nil)
        for count in 1...40 {
            for pattern in 0..<6 {
                let values = (0..<count).map { index -> Double in
                    switch pattern {
                    case 0: return Double(index)
                    case 1: return Double(count - index)
                    case 2: return Double(index % 3)
                    case 3: return 7
                    case 4: return Double((index * 7919) % 13) - 6.5
                    default: return index % 2 == 0 ? -Double(index) : Double(index) * 1e300
                    }
                }
                Self.check(values, Self.probabilities, "count \(count) pattern \(pattern)")
            }
        }
    }

    @Test(arguments: [100, 1_000, 10_007, 100_000])
    func randomValuesWithAndWithoutRepeats(count: Int) {
        var generator = SystemRandomNumberGenerator()
        let spread = (0..<count).map { _ in Double.random(in: -1e6...1e6, using: &generator) }
        let repeats = (0..<count).map { _ in Double(Int.random(in: 0..<5, using: &generator)) }
        let mostlyZero = (0..<count).map { _ in Int.random(in: 0..<100, using: &generator) == 0 ? 1.5 : 0 }
        // An organ pipe, a sawtooth and a median-of-three killer: orders that defeat a simple pivot.
        let pipe = (0..<count).map { Double(min($0, count - $0)) }
        let saw = (0..<count).map { Double($0 % 17) }
        let killer = (0..<count).map { Double($0 % 2 == 0 ? $0 : count - $0) }
        for (name, values) in [
            ("spread", spread), ("repeats", repeats), ("mostly zero", mostlyZero), ("pipe", pipe), ("saw", saw),
            ("killer", killer), ("sorted", spread.sorted()), ("reversed", Array(spread.sorted().reversed())),
        ] {
            Self.check(values, Self.probabilities, name)
            Self.check(values, [0, 0.1, 0.85, 1], name)
        }
    }

    @Test func negativeZeroIsZero() {
        var values: [Double] = [-0.0, -0.0, -0.0]
        let result = Quantile.type7(selecting: &values, Self.probabilities)
        #expect(result?.allSatisfy { $0 == 0 && $0.sign == .plus } == true)
        var one: [Double] = [-0.0]
        #expect(Quantile.type7(selecting: &one, [0.5])?.first?.sign == .plus)
    }
}

#if canImport(Glibc)
    import Glibc
#endif
