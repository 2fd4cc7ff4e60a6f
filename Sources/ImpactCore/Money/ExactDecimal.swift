/// An exact decimal number with at most six fractional digits, stored as a count of millionths.
///
/// Money must be exact: binary floating point makes sums depend on summation order. The data contract
/// limits every input amount to 15 integer and 6 fractional digits, and converted amounts are rounded to
/// a currency's minor unit (at most 3 digits), so a fixed scale of 10⁻⁶ in a 128-bit integer holds every
/// input exactly and sums of billions of them without overflow (±1.7 × 10³², against 10²⁴ for ten
/// million maximal inputs). It is written by hand rather than using Foundation's `Decimal` because that
/// type's parser accepts numeric prefixes ("12k" → 12), its literals pass through `Double`, and its
/// arithmetic is an order of magnitude slower on Linux — the portfolio engine adds millions of amounts.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Number of fractional digits kept.
    public static let scale = 6
    /// 10^scale.
    public static let one: Int128 = 1_000_000
    /// Computed and inlinable rather than a stored `static let`: a stored one is reached through its
    /// lazy initializer's `swift_once` at every use, and typing ten million engagements used it once each
    /// (1 % of `impact validate`, profiled).
    @inlinable public static var zero: ExactDecimal { ExactDecimal(micros: 0) }

    /// The value times 10^6.
    public var micros: Int128

    @inlinable public init(micros: Int128) {
        self.micros = micros
    }

    /// An integer value.
    public init(_ integer: Int) {
        self.micros = Int128(integer) * Self.one
    }

    /// Parses the canonical form: an optional `-`, 1 to `maxIntegerDigits` digits, optionally `.` and 1
    /// to 6 digits — nothing else (no sign `+`, no spaces, no grouping, no exponent). The whole text must
    /// be consumed.
    public init?(_ text: some StringProtocol, maxIntegerDigits: Int = 15) {
        self.init(String(text), maxIntegerDigits: maxIntegerDigits)
    }

    /// The same for text as a `String`: parsed from its UTF-8 bytes in place, without the generic
    /// `StringProtocol` path (a loader parses millions of amounts).
    public init?(_ text: String, maxIntegerDigits: Int = 15) {
        var text = text
        guard let value = text.withUTF8({ Self(utf8: $0, maxIntegerDigits: maxIntegerDigits) }) else { return nil }
        self = value
    }

    /// Parses UTF-8 bytes in the canonical form.
    public init?(utf8 text: UnsafeBufferPointer<UInt8>, maxIntegerDigits: Int = 15) {
        // Up to 18 integer digits the digits are gathered in 64 bits and widened once: 128-bit arithmetic
        // for every digit made this a twentieth of typing ten million engagements (profiled).
        guard maxIntegerDigits > 18 else {
            guard let value = Self(utf8Short: text, maxIntegerDigits: maxIntegerDigits) else { return nil }
            self = value
            return
        }
        var negative = false
        var integerPart: Int128 = 0
        var integerDigits = 0
        var fraction: Int128 = 0
        var fractionDigits = 0
        var seenPoint = false
        var index = 0
        for byte in text {
            defer { index += 1 }
            switch byte {
            case UInt8(ascii: "-") where index == 0:
                negative = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int128(byte - UInt8(ascii: "0"))
                if seenPoint {
                    fractionDigits += 1
                    if fractionDigits > Self.scale { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    integerDigits += 1
                    if integerDigits > maxIntegerDigits { return nil }
                    integerPart = integerPart * 10 + digit
                }
            case UInt8(ascii: ".") where !seenPoint && integerDigits > 0:
                seenPoint = true
            default:
                return nil
            }
        }
        guard integerDigits > 0, !seenPoint || fractionDigits > 0 else { return nil }
        for _ in fractionDigits..<Self.scale { fraction *= 10 }
        let magnitude = integerPart * Self.one + fraction
        self.micros = negative ? -magnitude : magnitude
    }

    /// `init(utf8:maxIntegerDigits:)` for at most 18 integer digits, which fit in 64 bits.
    private init?(utf8Short text: UnsafeBufferPointer<UInt8>, maxIntegerDigits: Int) {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var integerPart: UInt64 = 0
        let integerStart = index
        while index < text.count {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            integerPart = integerPart &* 10 &+ UInt64(digit)
            index += 1
        }
        let integerDigits = index - integerStart
        guard integerDigits > 0, integerDigits <= maxIntegerDigits else { return nil }
        var fraction: UInt64 = 0
        var fractionDigits = 0
        if index < text.count {
            guard text[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            while index < text.count {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                fraction = fraction &* 10 &+ UInt64(digit)
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0, fractionDigits <= Self.scale else { return nil }
        }
        for _ in fractionDigits..<Self.scale { fraction &*= 10 }
        let magnitude = Int128(integerPart) * Self.one + Int128(fraction)
        self.micros = negative ? -magnitude : magnitude
    }

    /// The shortest exact decimal text: `1500.5`, `1500`, `-0.000001`. Never an exponent.
    public var description: String {
        let negative = micros < 0
        let magnitude = negative ? -micros : micros
        let integer = magnitude / Self.one
        var fraction = magnitude % Self.one
        var text = negative ? "-" : ""
        text += String(integer)
        if fraction != 0 {
            var digits = Self.scale
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }

    /// The nearest `Double` (correctly rounded for magnitudes below 2⁵³ millionths, about 9 × 10⁹).
    public var doubleValue: Double {
        let limit: Int128 = 1 << 53
        if micros > -limit && micros < limit {
            // Through Int64: Double's generic initialiser from Int128 costs ~100 ns.
            return Double(Int64(truncatingIfNeeded: micros)) / 1_000_000
        }
        return Double(description) ?? Double(micros) / 1_000_000
    }

    public var isZero: Bool { micros == 0 }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { lhs.micros < rhs.micros }
    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        ExactDecimal(micros: lhs.micros + rhs.micros)
    }
    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        ExactDecimal(micros: lhs.micros - rhs.micros)
    }
    public static prefix func - (value: ExactDecimal) -> ExactDecimal { ExactDecimal(micros: -value.micros) }
    public static func += (lhs: inout ExactDecimal, rhs: ExactDecimal) { lhs.micros += rhs.micros }

    /// `self × factor`, rounded half to even to `fractionDigits` (0…6) digits; nil when the exact product
    /// does not fit.
    public func multiplied(by factor: ExactDecimal, roundedTo fractionDigits: Int) -> ExactDecimal? {
        precondition((0...Self.scale).contains(fractionDigits), "fractionDigits must be 0…6")
        // The exact product is the value times 10^12, up to 256 bits wide; keep fractionDigits digits
        // (rounding half to even), then scale back to 10^6.
        var divisor: UInt128 = 1
        for _ in 0..<(2 * Self.scale - fractionDigits) { divisor *= 10 }
        let negative = (micros < 0) != (factor.micros < 0)
        let product = micros.magnitude.multipliedFullWidth(by: factor.micros.magnitude)
        guard product.high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        var rounded = quotient
        if remainder > divisor - remainder || (remainder == divisor - remainder && quotient % 2 == 1) {
            guard rounded < UInt128.max else { return nil }
            rounded += 1
        }
        var multiplier: UInt128 = 1
        for _ in 0..<(Self.scale - fractionDigits) { multiplier *= 10 }
        let (scaled, overflow) = rounded.multipliedReportingOverflow(by: multiplier)
        guard !overflow, scaled <= UInt128(Int128.max) else { return nil }
        return ExactDecimal(micros: negative ? -Int128(scaled) : Int128(scaled))
    }

    /// Rounds half to even to `fractionDigits` (0…6) fractional digits.
    public func rounded(to fractionDigits: Int) -> ExactDecimal {
        precondition((0...Self.scale).contains(fractionDigits), "fractionDigits must be 0…6")
        var divisor: Int128 = 1
        for _ in 0..<(Self.scale - fractionDigits) { divisor *= 10 }
        return ExactDecimal(micros: Self.divideRoundingHalfToEven(micros, by: divisor) * divisor)
    }

    static func divideRoundingHalfToEven(_ value: Int128, by divisor: Int128) -> Int128 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        let twice = remainder.magnitude * 2
        if twice < divisor.magnitude { return quotient }
        let away = value < 0 ? quotient - 1 : quotient + 1
        if twice > divisor.magnitude { return away }
        return quotient % 2 == 0 ? quotient : away
    }
}

extension ExactDecimal: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}

extension ExactDecimal: ExpressibleByStringLiteral {
    /// A literal in canonical form, e.g. `"1234.56"`; a malformed literal is a programming error.
    public init(stringLiteral value: String) {
        guard let parsed = ExactDecimal(value, maxIntegerDigits: 30) else {
            preconditionFailure("'\(value)' is not an exact decimal literal")
        }
        self = parsed
    }
}

extension ExactDecimal {
    /// self / divisor as a double; nil when the divisor is 0. Correctly rounded while both are below 2⁵³
    /// millionths (the division of two exactly represented integers).
    public func ratio(to divisor: ExactDecimal) -> Double? {
        guard !divisor.isZero else { return nil }
        let limit: Int128 = 1 << 53
        if micros > -limit && micros < limit && divisor.micros > -limit && divisor.micros < limit {
            return Double(Int64(truncatingIfNeeded: micros)) / Double(Int64(truncatingIfNeeded: divisor.micros))
        }
        return doubleValue / divisor.doubleValue
    }
}
