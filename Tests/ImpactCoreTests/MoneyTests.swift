import ImpactCore
import Testing

@Suite struct ExactDecimalTests {
    @Test(arguments: [
        ("0", "0"), ("12", "12"), ("-12", "-12"), ("1500.50", "1500.5"), ("1500.000000", "1500"),
        ("0.000001", "0.000001"), ("-0.5", "-0.5"), ("999999999999999.999999", "999999999999999.999999"),
        ("007", "7"), ("-0", "0"),
    ])
    func parsesTheCanonicalForm(text: String, shortest: String) throws {
        let value = try #require(ExactDecimal(text))
        #expect(value.description == shortest)
    }

    @Test(arguments: [
        "12k", "1,5", "1.", ".5", "1.2345678", "1e5", "NaN", "Infinity", "+5", " 5", "5 ", "€5", "1 000", "--1",
        "1.2.3", "", "-", "1000000000000000", "0x10", "١٢",
    ])
    func rejectsAnythingElse(text: String) {
        #expect(ExactDecimal(text) == nil)
    }

    /// Up to 18 integer digits are parsed in 64 bits, more in 128: both ways agree on every text, with
    /// digits at the limits and beyond, signs, points and stray characters in any place.
    @Test func parsesTheSameUpToEighteenIntegerDigitsAsBeyond() {
        let alphabet = Array("0123456789999999999.-x")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<50_000 {
            let text = String((0..<next(28)).map { _ in alphabet[next(alphabet.count)] })
            let integerDigits = text.drop { $0 == "-" }.prefix { $0.isNumber }.count
            let wide = ExactDecimal(text, maxIntegerDigits: 30)
            for limit in [1, 15, 18] {
                let expected = integerDigits <= limit ? wide : nil
                #expect(ExactDecimal(text, maxIntegerDigits: limit) == expected, "\(text) with \(limit) digits")
            }
        }
    }

    @Test func sumsAreExact() {
        var total = ExactDecimal.zero
        for _ in 0..<10 { total += "0.1" }
        #expect(total == 1)
        #expect((("3864692.95" as ExactDecimal) + "0.01").description == "3864692.96")
    }

    @Test(arguments: [
        ("2.5", 0, "2"), ("3.5", 0, "4"), ("-2.5", 0, "-2"), ("-3.5", 0, "-4"), ("1.005", 2, "1"),
        ("1.015", 2, "1.02"), ("1.025", 2, "1.02"), ("1.0251", 2, "1.03"), ("-1.0251", 2, "-1.03"),
        ("0.0005", 3, "0"), ("0.0015", 3, "0.002"),
    ])
    func roundsHalfToEven(value: String, digits: Int, expected: String) {
        #expect(ExactDecimal(value)!.rounded(to: digits).description == expected)
    }

    @Test func convertsAtARateRoundedToTheTargetMinorUnit() {
        let usd = Currency(code: "USD")!
        let jpy = Currency(code: "JPY")!
        let kwd = Currency(code: "KWD")!
        #expect(Money("100.05", usd).converted(to: .euro, rate: "0.9")?.amount.description == "90.04")  // 90.045 → even
        // 90.135 → 90.14
        #expect(Money("100.15", usd).converted(to: .euro, rate: "0.9")?.amount.description == "90.14")
        #expect(Money("10", .euro).converted(to: jpy, rate: "162.35")?.amount.description == "1624")  // 1623.5 → 1624
        #expect(Money("10", .euro).converted(to: jpy, rate: "162.25")?.amount.description == "1622")  // 1622.5 → 1622
        #expect(Money("1", .euro).converted(to: kwd, rate: "0.333333")?.amount.description == "0.333")
        #expect(Money("999999999999999", usd).converted(to: .euro, rate: "999999999999999") != nil)
        #expect(
            Money("999999999999999.999999", usd).converted(to: .euro, rate: "999999999999999.999999")?.amount
                .description
                == "999999999999999999998000000000")  // (10¹⁵ − 10⁻⁶)² = 10³⁰ − 2·10⁹ + 10⁻¹²
        #expect(Money("-100.05", usd).converted(to: .euro, rate: "0.9")?.amount.description == "-90.04")
    }

    @Test func ratiosAreCorrectlyRounded() {
        #expect(("1" as ExactDecimal).ratio(to: "3") == 1.0 / 3.0)
        #expect(("0.1" as ExactDecimal).ratio(to: "0.3") == 1.0 / 3.0)
        #expect(("5" as ExactDecimal).ratio(to: .zero) == nil)
        #expect(("123456789.123456" as ExactDecimal).doubleValue == 123456789.123456)
    }
}

@Suite struct CurrencyTests {
    @Test func codesAndMinorUnits() {
        #expect(Currency(code: "eur")?.code == "EUR")
        #expect(Currency(code: "EUR")?.minorUnitDigits == 2)
        #expect(Currency(code: "JPY")?.minorUnitDigits == 0)
        #expect(Currency(code: "KWD")?.minorUnitDigits == 3)
        #expect(Currency(code: "EURO") == nil)
        #expect(Currency(code: "E1R") == nil)
        #expect(Currency(code: "") == nil)
        #expect(Currency(code: "ÉUR") == nil)
    }
}
