import Foundation
import ImpactCore
import Synchronization

/// Formats numbers for people: currency symbol, grouping, decimal mark, percentages and signed changes,
/// following a locale: Foundation's format styles, with the ICU data the toolchain ships, or for `en-US`,
/// the default, the same texts written without ICU (`EnglishUSFormat`).
public struct ValueFormatter: Sendable {
    public let localeIdentifier: String
    public let currency: Currency
    /// nil where `EnglishUSFormat` writes everything, so that ICU is not even asked for the locale.
    let locale: Locale?
    /// Whether numbers, percentages and dates are written by `EnglishUSFormat`.
    let english: Bool
    /// The currency's symbol when amounts are written by `EnglishUSFormat`.
    let englishSymbol: String?

    /// Formatting for a BCP 47 locale such as `en-US`, `de-DE` or `fr-FR`.
    public init(locale identifier: String, currency: Currency) {
        self.localeIdentifier = identifier
        self.currency = currency
        english = EnglishUSFormat.covers(identifier)
        englishSymbol = english ? EnglishUSFormat.symbol(of: currency.code) : nil
        locale = english && englishSymbol != nil ? nil : Self.locale(identifier)
    }

    private static func locale(_ identifier: String) -> Locale {
        Locale(identifier: identifier.replacingOccurrences(of: "-", with: "_"))
    }

    /// The locale for ICU's format styles (made on demand where `EnglishUSFormat` writes nearly everything:
    /// only a value it does not cover, such as a date before 1583, needs it).
    private var icuLocale: Locale { locale ?? Self.locale(localeIdentifier) }

    /// Makes, ahead of a report, the formatters its values are written with: Foundation makes ICU's for each
    /// style, locale and currency on first use and keeps them, and ICU loads its data with the first (half
    /// of a small report's formatting time, profiled). Each style is used three times, with three values:
    /// an ICU number formatter builds its whole machinery (symbols, patterns, locale data) anew for each of
    /// its first two uses and keeps it from the third (ICU's default threshold); asked once here, the
    /// SMB report's builder paid for two more builds of every style, about a millisecond (profiled).
    /// The texts are what any call for those values gives (and are kept, as every text is). Nothing to make
    /// where `EnglishUSFormat` writes everything.
    public func prepare() {
        guard locale != nil else { return }
        for value in 0..<3 {
            _ = money(ExactDecimal(micros: Int128(value) * ExactDecimal.one))
            _ = moneyRounded(Double(value))
            for digits in 0...1 { _ = percent(Double(value) / 100, digits: digits) }
            for digits in 0...2 { _ = number(Double(value), digits: digits) }
            _ = integer(value)
        }
        _ = date(CalendarDate(dayNumber: 0))
    }

    /// An exact amount with the currency's minor digits, e.g. `€1,234,567.50`.
    public func money(_ amount: ExactDecimal) -> String {
        if let englishSymbol {
            return Self.minus(
                EnglishUSFormat.money(micros: amount.micros, symbol: englishSymbol, fraction: currency.minorUnitDigits))
        }
        return memoized(.money, 0, amount.micros) {
            let value = Decimal(string: amount.description) ?? 0
            return Self.minus(
                value.formatted(
                    .currency(code: currency.code).precision(.fractionLength(currency.minorUnitDigits)).locale(
                        icuLocale)))
        }
    }

    /// A rounded amount for axes and prose, e.g. `€1.2M`-style compact figures are avoided in favour of
    /// whole units: `€1,234,568`.
    public func moneyRounded(_ amount: Double) -> String {
        if let englishSymbol, let text = EnglishUSFormat.number(amount, fraction: 0...0, prefix: englishSymbol) {
            return Self.minus(text)
        }
        return memoized(.moneyRounded, 0, Int128(amount.bitPattern)) {
            Self.minus(amount.formatted(.currency(code: currency.code).precision(.fractionLength(0)).locale(icuLocale)))
        }
    }

    /// A fraction as a percentage with one decimal, e.g. `5.2 %` (spacing per locale).
    public func percent(_ ratio: Double, digits: Int = 1) -> String {
        if english, let text = EnglishUSFormat.percent(ratio, fraction: digits) { return Self.minus(text) }
        return memoized(.percent, digits, Int128(ratio.bitPattern)) {
            Self.minus(ratio.formatted(.percent.precision(.fractionLength(digits)).locale(icuLocale)))
        }
    }

    /// A change of a fraction, signed: `+5.1 %`, `−2.0 %`.
    public func signedPercent(_ ratio: Double) -> String {
        sign(ratio) + percent(abs(ratio))
    }

    /// A change of a ratio in percentage points, signed: `+2.3 pp`.
    public func percentagePoints(_ delta: Double) -> String {
        sign(delta) + number(abs(delta * 100), digits: 1) + " pp"
    }

    /// A number with up to `digits` decimals, e.g. `2.8`.
    public func number(_ value: Double, digits: Int = 1) -> String {
        if english, let text = EnglishUSFormat.number(value, fraction: 0...digits) { return Self.minus(text) }
        return memoized(.number, digits, Int128(value.bitPattern)) {
            Self.minus(value.formatted(.number.precision(.fractionLength(0...digits)).locale(icuLocale)))
        }
    }

    /// A signed number: `+3`, `−12.5`.
    public func signedNumber(_ value: Double, digits: Int = 1) -> String {
        sign(value) + number(abs(value), digits: digits)
    }

    /// A whole count.
    public func integer(_ value: Int) -> String {
        if english { return EnglishUSFormat.integer(value) }
        return memoized(.integer, 0, Int128(value)) { value.formatted(.number.locale(icuLocale)) }
    }

    /// A day as the locale writes it, e.g. `Sep 30, 2026`.
    public func date(_ day: CalendarDate) -> String {
        if english, let text = EnglishUSFormat.date(day) { return text }
        let moment = Date(timeIntervalSince1970: TimeInterval(day.dayNumber) * 86_400)
        var style = Date.FormatStyle(date: .abbreviated, time: .omitted, locale: icuLocale)
        style.timeZone = TimeZone(identifier: "UTC")!
        return moment.formatted(style)
    }

    /// A metric value in its unit; `n/a` when null.
    public func value(_ value: MetricValue, unit: MetricUnit) -> String {
        switch value {
        case .null: return "n/a"
        case .money(let amount): return money(amount)
        case .number(let number):
            switch unit {
            case .ratio: return percent(number)
            case .count: return number.rounded() == number ? integer(Int(number)) : self.number(number)
            case .days: return self.number(number) + " days"
            case .effectiveNumber: return self.number(number, digits: 2)
            case .hhiPoints: return self.number(number, digits: 0)
            case .money: return moneyRounded(number)
            }
        }
    }

    /// The change from `previous` to `current` in the unit's natural terms: relative for money, points for
    /// ratios, absolute for counts, days and indices. nil when either is null.
    public func change(from previous: MetricValue, to current: MetricValue, unit: MetricUnit) -> (
        text: String, delta: Double
    )? {
        guard let now = current.doubleValue, let before = previous.doubleValue else { return nil }
        switch unit {
        case .money:
            guard before != 0 else { return nil }
            let relative = (now - before) / abs(before)
            return (signedPercent(relative), relative)
        case .ratio: return (percentagePoints(now - before), now - before)
        case .days: return (signedNumber(now - before) + " days", now - before)
        case .count, .effectiveNumber: return (signedNumber(now - before, digits: unit == .count ? 0 : 2), now - before)
        case .hhiPoints: return (signedNumber(now - before, digits: 0), now - before)
        }
    }

    /// The texts already made, by locale, currency, style and value: a batch of member reports formats
    /// the same peer medians, group sizes and percentile ranks thousands of times, and Foundation's
    /// format styles rebuild an ICU skeleton and look up their formatter for every call (7–9 % of a
    /// batch's time, profiled). A miss formats as before, so the texts are the same.
    private static let made = Mutex<[MadeKey: String]>([:])

    private struct MadeKey: Hashable {
        let locale: String
        let currency: String
        let style: Style
        let digits: Int
        let value: Int128
    }

    private enum Style: UInt8 {
        case money, moneyRounded, percent, number, integer
    }

    private func memoized(_ style: Style, _ digits: Int, _ value: Int128, _ make: () -> String) -> String {
        let key = MadeKey(locale: localeIdentifier, currency: currency.code, style: style, digits: digits, value: value)
        if let text = Self.made.withLock({ $0[key] }) { return text }
        let text = make()
        Self.made.withLock { made in
            if made.count >= 100_000 { made.removeAll(keepingCapacity: true) }
            made[key] = text
        }
        return text
    }

    /// Negative numbers with a true minus sign (U+2212), as the signed changes are written.
    static func minus(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "-")) else { return text }
        // On bytes: Foundation's `replacingOccurrences` bridges to NSString.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") { bytes += "\u{2212}".utf8 } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func sign(_ value: Double) -> String {
        value > 0 ? "+" : value < 0 ? "−" : "±"
    }
}
