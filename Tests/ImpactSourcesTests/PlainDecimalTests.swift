import ImpactCore
import Testing

@testable import ImpactSources

/// Numbers stored as doubles (spreadsheet cells, SQLite REALs) become the plain decimals the data contract
/// reads: their text's exponent moved exactly, or kept when the plain form is not an amount (then reported
/// as stored).
@Suite struct PlainDecimalTests {
    @Test(arguments: [
        ("1e2", "100"), ("1E2", "100"), ("1.5E+1", "15"), ("1.5e-05", "0.000015"), ("-2.5e-1", "-0.25"),
        ("0e5", "0"), ("-0e0", "0"), ("1.000000e0", "1"), ("123456789012345e0", "123456789012345"),
        ("1.23456789e3", "1234.56789"), ("12e-6", "0.000012"), ("0.000123e4", "1.23"),
    ])
    func exponentsBecomePlainDecimals(literal: String, plain: String) {
        #expect(FieldText.plainDecimal(literal) == plain)
    }

    @Test(arguments: [
        "5", "1.25", "-3", "1e15", "1e-7", "1.5e-7", "9e99999999999999999999", "1e41", "x1e2", "1.e2x", "e5",
    ])
    func othersAreKeptAsWritten(literal: String) {
        #expect(FieldText.plainDecimal(literal) == nil)
    }

    /// Doubles (a spreadsheet cell's value, a SQLite REAL) read as spreadsheet programs show them: 15
    /// significant digits in plain notation; beyond an amount's digits, their exact shortest text.
    @Test(arguments: [
        (0.1 + 0.2, "0.3"), (3.7e-05, "0.000037"), (1234.5, "1234.5"), (7.0, "7"), (-0.0, "0"), (-2.5e-3, "-0.0025"),
        (1e16, "1e+16"), (1e15, "1000000000000000.0"), (123_456_789_012_345.67, "123456789012346"),
        (1.0 / 3.0, "0.333333333333333"),
        (Double.infinity, "inf"),
    ])
    func doublesReadAsSpreadsheetsShowThem(value: Double, text: String) {
        #expect(FieldText.decimalText(value) == text)
    }

    @Test(arguments: [("1.5E-5", "0.000015"), ("0.30000000000000004", "0.3"), ("1234.50", "1234.50"), ("12", "12")])
    func spreadsheetCellsReadAsShown(stored: String, text: String) {
        #expect(XLSXWorkbook.number(stored) == text)
    }

    /// Every amount within the contract's limits, written as Python writes small and large floats
    /// (`d.ddde±XX`), comes back as the same amount.
    @Test func anyAmountRoundTripsThroughExponentNotation() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let integerDigits = Int.random(in: 0...15, using: &generator)
            let decimals = Int.random(in: 0...6, using: &generator)
            let integer =
                integerDigits == 0
                ? "0"
                : String(Int.random(in: 1...9, using: &generator))
                    + String(
                        (1..<integerDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            let fraction = String(
                (0..<decimals).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            let plain = (Bool.random(using: &generator) ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction)
            let expected = try #require(ExactDecimal(plain))
            // The same digits with the point moved by an exponent.
            let digits = (integer + fraction).drop(while: { $0 == "0" })
            guard let first = digits.first else { continue }
            let exponent = integer == "0" ? -(fraction.count - digits.count + 1) : integer.count - 1
            let literal =
                (plain.hasPrefix("-") ? "-" : "") + String(first) + (digits.count > 1 ? "." + digits.dropFirst() : "")
                + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
            let converted = try #require(FieldText.plainDecimal(literal), "\(literal)")
            #expect(ExactDecimal(converted) == expected, "\(literal) → \(converted), expected \(plain)")
        }
    }
}
