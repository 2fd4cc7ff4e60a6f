/// A reporting SMB (for a support organisation: one of its members).
public struct Organization: Sendable, Hashable {
    public var id: Identifier
    public var name: String
    /// NACE Rev. 2 section letter or any consistently used code; nil when unknown.
    public var sector: Identifier?
    public var region: Identifier?
    public var sizeBand: SizeBand?
    /// The programme intake, e.g. `2025-spring`.
    public var cohort: Identifier?

    public init(
        id: Identifier, name: String, sector: Identifier? = nil, region: Identifier? = nil,
        sizeBand: SizeBand? = nil, cohort: Identifier? = nil
    ) {
        self.id = id
        self.name = name
        self.sector = sector
        self.region = region
        self.sizeBand = sizeBand
        self.cohort = cohort
    }
}
