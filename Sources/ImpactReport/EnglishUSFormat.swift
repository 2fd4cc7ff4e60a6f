import ImpactCore

/// Numbers, amounts and dates written exactly as ICU writes them for `en-US`, the default locale, without
/// ICU. Written by hand because ICU's formatters cost more than a small report's work: building them was
/// 5 of the 45 ms of CPU time of an SMB report on the example workspace, measured with the format styles
/// replaced (`Benchmarks/RESULTS.md`). Every other locale, and what is not covered here (a currency
/// without its en-US symbol below, a date before the Gregorian calendar), still goes through ICU.
///
/// The rules followed are ICU's, checked against it value by value in `ValueFormatterTests`: a double is
/// taken as its shortest round-trip decimal digits (as Swift's `description` prints them) and rounded
/// half to even on those digits; a percentage moves the decimal point two places first; the integer part
/// is grouped in threes with commas; a negative value, zero after rounding included, keeps its minus sign.
enum EnglishUSFormat {
    /// Whether a locale identifier means these conventions (ICU's `en` is `en-US`).
    static func covers(_ identifier: String) -> Bool {
        identifier == "en-US" || identifier == "en_US" || identifier == "en"
    }

    /// The en-US symbol of a currency, for those written with a symbol directly before the digits; nil
    /// for the others (ICU writes many with a code and a no-break space, `CHF 12.00`, some with a prefix,
    /// `CA$12.00`).
    static func symbol(of code: String) -> String? {
        switch code {
        case "EUR": return "€"
        case "USD": return "$"
        case "GBP": return "£"
        case "JPY": return "¥"
        default: return nil
        }
    }

    /// `value` with `fraction.lowerBound` to `fraction.upperBound` decimals, after `prefix` (a currency
    /// symbol); nil when not finite.
    static func number(_ value: Double, fraction: ClosedRange<Int>, prefix: String = "") -> String? {
        Digits(value)?.text(fraction: fraction, prefix: prefix)
    }

    /// A fraction as a percentage with `fraction` decimals, `5.2%`; nil when not finite.
    static func percent(_ ratio: Double, fraction: Int) -> String? {
        guard var decimal = Digits(ratio) else { return nil }
        decimal.exponent += 2  // exact: the digits stay, the point moves
        return decimal.text(fraction: fraction...fraction, suffix: "%")
    }

    /// An exact amount (`micros` millionths) with `fraction` decimals, after its currency symbol.
    static func money(micros: Int128, symbol: String, fraction: Int) -> String {
        Digits(micros: micros).text(fraction: fraction...fraction, prefix: symbol)
    }

    /// A whole number, grouped.
    static func integer(_ value: Int) -> String {
        Digits(magnitude: UInt128(value.magnitude), negative: value < 0).text(fraction: 0...0)
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A day as `Sep 30, 2026` (ICU's abbreviated date); nil before 1583, where ICU's calendar is the
    /// Julian one, and after 9999.
    static func date(_ day: CalendarDate) -> String? {
        let (year, month, dayOfMonth) = day.components
        guard (1583...9999).contains(year) else { return nil }
        return months[month - 1] + " " + String(dayOfMonth) + ", " + String(year)
    }

    /// A decimal number as digits and a power of ten: `digits × 10^exponent`, with the sign apart.
    struct Digits {
        var negative: Bool
        /// Decimal digits (0…9), most significant first, without leading zeros; empty for zero.
        var digits: [UInt8]
        var exponent: Int

        /// A double's shortest round-trip digits; nil for infinities and NaN.
        init?(_ value: Double) {
            guard value.isFinite else { return nil }
            negative = value.sign == .minus
            digits = []
            exponent = 0
            // `description` prints the shortest digits that read back as the same double: `2.675`,
            // `1e-07`, `1.2345e+22`.
            var fractionDigits = 0
            var afterPoint = false
            var inExponent = false
            var exponentNegative = false
            var written = 0
            // The text's bytes directly, into room for all of them (at most 17 digits): through the
            // string's `utf8` view and growing the array, this was most of formatting a number (profiled).
            var text = value.magnitude.description
            var found: [UInt8] = []
            text.withUTF8 { bytes in
                found.reserveCapacity(bytes.count)
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "."): afterPoint = true
                    case UInt8(ascii: "e"): inExponent = true
                    case UInt8(ascii: "-"): exponentNegative = true
                    case UInt8(ascii: "+"): break
                    default:
                        let digit = Int(byte) - Int(UInt8(ascii: "0"))
                        if inExponent {
                            written = written * 10 + digit
                        } else {
                            if afterPoint { fractionDigits += 1 }
                            if !(found.isEmpty && digit == 0) { found.append(UInt8(digit)) }
                        }
                    }
                }
            }
            digits = found
            exponent = (exponentNegative ? -written : written) - fractionDigits
        }

        /// An exact amount in millionths.
        init(micros: Int128) {
            self.init(magnitude: micros.magnitude, negative: micros < 0)
            exponent = -ExactDecimal.scale
        }

        init(magnitude: UInt128, negative: Bool) {
            self.negative = negative
            exponent = 0
            guard let small = UInt64(exactly: magnitude) else {
                digits = String(magnitude).utf8.map { $0 - UInt8(ascii: "0") }
                return
            }
            // Every amount and count in practice: divided out in 64 bits, not printed in 128 first.
            var count = 0
            var rest = small
            while rest > 0 {
                count += 1
                rest /= 10
            }
            digits = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                var rest = small
                for index in stride(from: count - 1, through: 0, by: -1) {
                    buffer[index] = UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
                initialized = count
            }
        }

        /// Rounded half to even to `fraction.upperBound` decimals, trailing zeros dropped down to
        /// `fraction.lowerBound`, grouped: `-€1,234.50`.
        func text(fraction: ClosedRange<Int>, prefix: String = "", suffix: String = "") -> String {
            let kept = rounded(decimals: fraction.upperBound)
            // `kept` holds the value times 10^decimals; read as if padded with zeros in front to at least
            // one integer digit (`leading` of them), without making the padded array.
            let leading = max(0, fraction.upperBound + 1 - kept.count)
            func digit(_ index: Int) -> UInt8 { index < leading ? 0 : kept[index - leading] }
            var end = leading + kept.count
            var decimals = fraction.upperBound
            while decimals > fraction.lowerBound, digit(end - 1) == 0 {
                end -= 1
                decimals -= 1
            }
            let integerCount = end - decimals
            var out: [UInt8] = []
            var prefix = prefix
            var suffix = suffix
            out.reserveCapacity(end + end / 3 + prefix.utf8.count + suffix.utf8.count + 2)
            if negative { out.append(UInt8(ascii: "-")) }
            prefix.withUTF8 { out.append(contentsOf: $0) }
            for index in 0..<integerCount {
                if index > 0, (integerCount - index) % 3 == 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "0") + digit(index))
            }
            if decimals > 0 {
                out.append(UInt8(ascii: "."))
                for index in integerCount..<end { out.append(UInt8(ascii: "0") + digit(index)) }
            }
            suffix.withUTF8 { out.append(contentsOf: $0) }
            return String(decoding: out, as: UTF8.self)
        }

        /// The digits of the value times 10^decimals, rounded half to even to a whole number (empty for
        /// zero).
        func rounded(decimals: Int) -> [UInt8] {
            let shift = exponent + decimals
            if shift >= 0 { return digits.isEmpty ? [] : digits + [UInt8](repeating: 0, count: shift) }
            let dropped = -shift
            guard dropped <= digits.count else { return [] }  // below half of the last place kept
            var kept = Array(digits[..<(digits.count - dropped)])
            let first = digits[digits.count - dropped]
            let restNonZero = digits[(digits.count - dropped + 1)...].contains { $0 != 0 }
            let odd = (kept.last ?? 0) % 2 == 1
            guard first > 5 || (first == 5 && (restNonZero || odd)) else { return kept }
            var index = kept.count - 1
            while index >= 0, kept[index] == 9 {
                kept[index] = 0
                index -= 1
            }
            if index >= 0 { kept[index] += 1 } else { kept.insert(1, at: 0) }
            return kept
        }
    }
}
