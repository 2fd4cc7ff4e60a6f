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

#if canImport(Glibc)
    import Glibc
#endif
