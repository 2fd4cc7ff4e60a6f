import Foundation
import ImpactCore
import ImpactReport
import Testing

/// `ValueFormatter` writes en-US numbers, amounts and dates without ICU (`EnglishUSFormat`); every text
/// must be the one ICU writes. Each is compared here with Foundation's format style for the same value,
/// as the formatter wrote all of them before: edge cases (ties of half to even, negative zero, huge and
/// tiny magnitudes) and random values, whose failures name them.
@Suite struct ValueFormatterTests {
    static let englishIdentifiers = ["en-US", "en_US", "en"]
    static let symbolCurrencies = ["EUR", "USD", "GBP", "JPY"]

    /// What the formatter wrote with ICU for every locale, minus signs made true minus signs.
    struct ICU {
        let locale: Locale
        let currency: Currency

        init(_ identifier: String, _ currency: Currency) {
            locale = Locale(identifier: identifier.replacingOccurrences(of: "-", with: "_"))
            self.currency = currency
        }

        func minus(_ text: String) -> String { text.replacingOccurrences(of: "-", with: "\u{2212}") }
        func number(_ value: Double, _ digits: Int) -> String {
            minus(value.formatted(.number.precision(.fractionLength(0...digits)).locale(locale)))
        }
        func percent(_ value: Double, _ digits: Int) -> String {
            minus(value.formatted(.percent.precision(.fractionLength(digits)).locale(locale)))
        }
        func moneyRounded(_ value: Double) -> String {
            minus(value.formatted(.currency(code: currency.code).precision(.fractionLength(0)).locale(locale)))
        }
        func money(_ amount: ExactDecimal) -> String {
            minus(
                Decimal(string: amount.description)!.formatted(
                    .currency(code: currency.code).precision(.fractionLength(currency.minorUnitDigits)).locale(locale)))
        }
        func integer(_ value: Int) -> String { value.formatted(.number.locale(locale)) }
        func date(_ day: CalendarDate) -> String {
            var style = Date.FormatStyle(date: .abbreviated, time: .omitted, locale: locale)
            style.timeZone = TimeZone(identifier: "UTC")!
            return Date(timeIntervalSince1970: TimeInterval(day.dayNumber) * 86_400).formatted(style)
        }
    }

    static let edgeDoubles: [Double] = [
        0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.05, 0.045, 0.125, 0.135, 1.005, 2.675, 9.995, 99.95, 999.5, 0.95, 0.995,
        -0.04, 1e-7, -1e-7, 5e-324, 1e15, 1e16, 1e21, 1.2345e22, 123_456_789.125, 1_234_567.5,
        12_345_678_901_234_567_890,
        Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, 0.1 + 0.2, 1 / 3, 2 / 3, 100, 1000, 999_999.95,
        .infinity, -.infinity, .nan,
    ]

    /// Doubles of every kind: whole, with a few decimals (ties of half to even among them), and of any
    /// magnitude.
    static func randomDouble(_ generator: inout some RandomNumberGenerator) -> Double {
        let sign: Double = Bool.random(using: &generator) ? -1 : 1
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return sign * Double(Int.random(in: 0...10_000_000, using: &generator))
        case 1:
            let scale = [10.0, 100, 1000, 10_000][Int.random(in: 0..<4, using: &generator)]
            return sign * Double(Int.random(in: 0...100_000_000, using: &generator)) / scale
        case 2: return sign * Double.random(in: 0..<1, using: &generator)
        default:
            return sign * Double.random(in: 1..<10, using: &generator)
                * Double(sign: .plus, exponent: Int.random(in: -30...70, using: &generator), significand: 1)
        }
    }

    func expectSame(_ ours: String, _ icu: String, _ what: @autoclosure () -> String) {
        #expect(ours == icu, "\(what()): ICU writes '\(icu)', the formatter '\(ours)'")
    }

    func compareNumbers(_ identifier: String, _ code: String, _ values: [Double]) {
        let currency = Currency(code: code)!
        let formatter = ValueFormatter(locale: identifier, currency: currency)
        let icu = ICU(identifier, currency)
        for value in values {
            for digits in 0...2 {
                expectSame(
                    formatter.number(value, digits: digits), icu.number(value, digits), "number(\(value), \(digits))")
            }
            for digits in 0...1 {
                expectSame(
                    formatter.percent(value, digits: digits), icu.percent(value, digits), "percent(\(value), \(digits))"
                )
            }
            expectSame(formatter.moneyRounded(value), icu.moneyRounded(value), "moneyRounded(\(value)) in \(code)")
        }
    }

    @Test(arguments: englishIdentifiers)
    func edgeNumbersAreWrittenAsICUWritesThem(identifier: String) {
        for code in Self.symbolCurrencies { compareNumbers(identifier, code, Self.edgeDoubles) }
    }

    @Test(arguments: englishIdentifiers)
    func randomNumbersAreWrittenAsICUWritesThem(identifier: String) {
        var generator = SystemRandomNumberGenerator()  // a failure names its value
        let values = (0..<3000).map { _ in Self.randomDouble(&generator) }
        compareNumbers(identifier, Self.symbolCurrencies.randomElement(using: &generator)!, values)
    }

    @Test(arguments: symbolCurrencies)
    func exactAmountsAreWrittenAsICUWritesThem(code: String) {
        var generator = SystemRandomNumberGenerator()
        let currency = Currency(code: code)!
        let formatter = ValueFormatter(locale: "en-US", currency: currency)
        let icu = ICU("en-US", currency)
        var amounts: [Int128] = [
            0, 1, -1, 4_000, -4_000, 5_000, -5_000, 15_000, 25_000, 500_000, 1_500_000, 2_500_000, 999_995_000,
        ]
        amounts += [Int128(Int64.max) * 1_000, -Int128(Int64.max) * 1_000]
        for _ in 0..<2000 {
            let micros = Int128(Int64.random(in: -10_000_000_000_000...10_000_000_000_000, using: &generator))
            // Every other one a tie or near one at the currency's last digit.
            amounts.append(Bool.random(using: &generator) ? micros : micros / 10_000 * 10_000 + 5_000)
        }
        for micros in amounts {
            let amount = ExactDecimal(micros: micros)
            expectSame(formatter.money(amount), icu.money(amount), "money(\(amount)) in \(code)")
        }
    }

    @Test func wholeNumbersAreWrittenAsICUWritesThem() {
        var generator = SystemRandomNumberGenerator()
        let formatter = ValueFormatter(locale: "en-US", currency: .euro)
        let icu = ICU("en-US", .euro)
        var values = [0, 1, -1, 999, 1000, -1000, 999_999, 1_000_000, Int.max, Int.min]
        values += (0..<2000).map { _ in
            Int.random(in: Int.min...Int.max, using: &generator) >> Int.random(in: 0...62, using: &generator)
        }
        for value in values { expectSame(formatter.integer(value), icu.integer(value), "integer(\(value))") }
    }

    @Test(arguments: englishIdentifiers)
    func datesAreWrittenAsICUWritesThem(identifier: String) {
        var generator = SystemRandomNumberGenerator()
        let formatter = ValueFormatter(locale: identifier, currency: .euro)
        let icu = ICU(identifier, .euro)
        // The edges of what is written without ICU (1583 to 9999) and days beyond them, which go to ICU.
        var days = [
            (1583, 1, 1), (1582, 12, 31), (1582, 10, 15), (1582, 10, 4), (9999, 12, 31), (1970, 1, 1), (2024, 2, 29),
        ]
        .map { CalendarDate(year: $0.0, month: $0.1, day: $0.2)! }
        days.append(CalendarDate(dayNumber: CalendarDate(year: 9999, month: 12, day: 31)!.dayNumber + 1))
        days.append(CalendarDate(dayNumber: -719_162))
        days += (0..<2000).map { _ in CalendarDate(dayNumber: Int.random(in: -150_000...2_932_896, using: &generator)) }
        for day in days { expectSame(formatter.date(day), icu.date(day), "date(\(day))") }
    }

    /// What is not covered goes to ICU: another locale, or a currency ICU writes with its code.
    @Test func otherLocalesAndCurrenciesGoThroughICU() {
        for (identifier, code) in [
            ("de-DE", "EUR"), ("fr-FR", "EUR"), ("en-GB", "GBP"), ("en-US", "CHF"), ("en-US", "CAD"),
        ] {
            let currency = Currency(code: code)!
            let formatter = ValueFormatter(locale: identifier, currency: currency)
            let icu = ICU(identifier, currency)
            let amount = ExactDecimal(micros: -1_234_567_505_000)
            expectSame(formatter.money(amount), icu.money(amount), "money in \(identifier), \(code)")
            expectSame(formatter.percent(0.0525), icu.percent(0.0525, 1), "percent in \(identifier)")
            expectSame(formatter.number(-1234.55, digits: 1), icu.number(-1234.55, 1), "number in \(identifier)")
            expectSame(
                formatter.date(CalendarDate(year: 2026, month: 9, day: 30)!),
                icu.date(CalendarDate(year: 2026, month: 9, day: 30)!), "date in \(identifier)")
        }
        // Not written as en-US: the comparison above is not comparing a text with itself.
        #expect(
            ValueFormatter(locale: "de-DE", currency: .euro).money(ExactDecimal(micros: 1_234_500_000))
                == "1.234,50\u{A0}€")
        #expect(
            ValueFormatter(locale: "en-US", currency: Currency(code: "CHF")!).money(ExactDecimal(micros: 1_234_500_000))
                == "CHF\u{A0}1,234.50")
    }

    /// The texts as a reader sees them, so that a change in both ICU and the formatter is noticed too.
    @Test func englishTexts() {
        let formatter = ValueFormatter(locale: "en-US", currency: .euro)
        #expect(formatter.money(ExactDecimal(micros: 1_234_567_505_000)) == "€1,234,567.50")
        #expect(formatter.money(ExactDecimal(micros: -4_000)) == "\u{2212}€0.00")
        #expect(formatter.moneyRounded(1_234_567.5) == "€1,234,568")
        #expect(formatter.percent(0.0525) == "5.2%")
        #expect(formatter.percent(0.0535) == "5.4%")
        #expect(formatter.number(2.675, digits: 2) == "2.68")
        #expect(formatter.number(-0.04, digits: 1) == "\u{2212}0")
        #expect(formatter.number(1e21, digits: 1) == "1,000,000,000,000,000,000,000")
        #expect(formatter.integer(-1_234_567) == "-1,234,567")
        #expect(formatter.date(CalendarDate(year: 2026, month: 9, day: 30)!) == "Sep 30, 2026")
    }
}
