/// An ISO 4217 currency: its three-letter code and the number of digits of its minor unit.
public struct Currency: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Upper-case three-letter code, e.g. `EUR`.
    public let code: String
    /// Digits after the decimal mark of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD.
    public let minorUnitDigits: Int

    /// A currency from its code (three ASCII letters, any case); nil for anything else.
    /// Codes not in the built-in table of exceptions have two minor digits, as most currencies do.
    public init?(code: String) {
        let upper = code.uppercased()
        guard upper.utf8.count == 3, upper.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") })
        else { return nil }
        self.code = upper
        self.minorUnitDigits = Self.minorUnitExceptions[upper] ?? 2
    }

    public static let euro = Currency(code: "EUR")!

    public var description: String { code }

    public static func < (lhs: Currency, rhs: Currency) -> Bool { lhs.code < rhs.code }

    /// ISO 4217 currencies whose minor unit is not two digits.
    static let minorUnitExceptions: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
        "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
        "CLF": 4, "UYW": 4,
    ]
}
