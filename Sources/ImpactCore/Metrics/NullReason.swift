/// Why a metric has no value (null is never 0).
public struct NullReason: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Inputs are missing, e.g. the organisation does not report in the quarter.
    public static let noData = NullReason(rawValue: "no_data")
    /// A denominator is zero.
    public static let zeroBase = NullReason(rawValue: "zero_base")
    /// No launches to take a median of.
    public static let noLaunches = NullReason(rawValue: "no_launches")
    /// No active partners.
    public static let noPartners = NullReason(rawValue: "no_partners")

    public var description: String { rawValue }

    public static func < (lhs: NullReason, rhs: NullReason) -> Bool { lhs.rawValue < rhs.rawValue }
}
