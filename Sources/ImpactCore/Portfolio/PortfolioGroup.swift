/// A group of organisations that portfolio aggregates are computed for: the whole portfolio, or the
/// organisations sharing one value of a dimension.
public struct PortfolioGroup: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The grouping dimensions, in the order groups are sorted.
    public enum Dimension: String, Sendable, Hashable, CaseIterable, Comparable {
        case cohort, region, sector
        case sizeBand = "size_band"

        public static func < (lhs: Dimension, rhs: Dimension) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// nil for the whole portfolio.
    public let dimension: Dimension?
    public let value: Identifier?

    public static let portfolio = PortfolioGroup(dimension: nil, value: nil)

    public init(_ dimension: Dimension, _ value: Identifier) {
        self.dimension = dimension
        self.value = value
    }

    private init(dimension: Dimension?, value: Identifier?) {
        self.dimension = dimension
        self.value = value
    }

    public var isPortfolio: Bool { dimension == nil }

    /// `{}` first, then by dimension name, then by value in code-point order.
    public static func < (lhs: PortfolioGroup, rhs: PortfolioGroup) -> Bool {
        switch (lhs.dimension, rhs.dimension) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case (let a?, let b?):
            if a != b { return a < b }
            return lhs.value! < rhs.value!
        }
    }

    /// `portfolio`, or e.g. `sector C`.
    public var description: String {
        guard let dimension, let value else { return "portfolio" }
        return "\(dimension.rawValue) \(value)"
    }

    /// The groups an organisation belongs to: the portfolio and one per non-empty dimension value.
    public static func groups(of organization: Organization) -> [PortfolioGroup] {
        var groups = [PortfolioGroup.portfolio]
        if let cohort = organization.cohort { groups.append(PortfolioGroup(.cohort, cohort)) }
        if let region = organization.region { groups.append(PortfolioGroup(.region, region)) }
        if let sector = organization.sector { groups.append(PortfolioGroup(.sector, sector)) }
        if let size = organization.sizeBand { groups.append(PortfolioGroup(.sizeBand, Identifier(size.rawValue))) }
        return groups
    }
}
