import ImpactCore

/// The canonical tables of the data contract and their columns.
public enum CanonicalTable: String, Sendable, CaseIterable, Comparable {
    case organizations, financials, partners, engagements, launches, targets
    case fxRates = "fx_rates"

    /// The file name looked for by default, e.g. `fx_rates.csv`.
    public var fileName: String { rawValue + ".csv" }

    /// Whether a workspace must provide the table.
    public var isRequired: Bool { self == .organizations || self == .financials }

    /// The table's columns in the contract's order. Made once per table: the rows of every table ask for
    /// them (a column's requirement when its field is empty), and building the list anew for each asking
    /// was a tenth of typing the small tables (profiled).
    public var columns: [Column] {
        switch self {
        case .organizations: Self.organizationsColumns
        case .financials: Self.financialsColumns
        case .partners: Self.partnersColumns
        case .engagements: Self.engagementsColumns
        case .launches: Self.launchesColumns
        case .targets: Self.targetsColumns
        case .fxRates: Self.fxRatesColumns
        }
    }

    private static let organizationsColumns: [Column] = [
        Column("org_id", .id, required: true), Column("name", .text, required: true),
        Column("sector", .text), Column("region", .text),
        Column("size_band", .enumeration(SizeBand.allCases.map(\.rawValue))), Column("cohort", .text),
    ]

    private static let financialsColumns: [Column] = [
        Column("org_id", .id, required: true), Column("period", .period, required: true),
        Column("revenue", .money), Column("operating_costs", .money), Column("ecosystem_revenue", .money),
        Column("cost_savings", .money), Column("currency", .currency),
    ]

    private static let partnersColumns: [Column] = [
        Column("partner_id", .id, required: true), Column("name", .text),
        Column("actor_type", .enumeration(ActorType.allCases.map(\.rawValue)), required: true),
        Column("sector", .text), Column("region", .text),
    ]

    private static let engagementsColumns: [Column] = [
        Column("engagement_id", .id), Column("org_id", .id, required: true),
        Column("partner_id", .id, required: true),
        Column("kind", .enumeration(EngagementKind.allCases.map(\.rawValue)), required: true),
        Column("started_on", .date, required: true), Column("ended_on", .date), Column("value", .money),
        Column("currency", .currency),
    ]

    private static let launchesColumns: [Column] = [
        Column("project_id", .id, required: true), Column("org_id", .id, required: true),
        Column("name", .text), Column("started_on", .date, required: true), Column("launched_on", .date),
        Column("ecosystem_supported", .bool),
    ]

    private static let targetsColumns: [Column] = [
        Column("org_id", .id), Column("metric", .text, required: true),
        Column("period", .period, required: true), Column("target", .number, required: true),
    ]

    private static let fxRatesColumns: [Column] = [
        Column("currency", .currency, required: true), Column("period", .period, required: true),
        Column("rate", .number, required: true),
    ]

    public static func < (lhs: CanonicalTable, rhs: CanonicalTable) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// A column of a canonical table.
    public struct Column: Sendable, Hashable {
        public let name: String
        public let type: FieldType
        /// The column must exist and every value must be non-empty.
        public let required: Bool

        init(_ name: String, _ type: FieldType, required: Bool = false) {
            self.name = name
            self.type = type
            self.required = required
        }
    }

    /// The type of a field, which decides how its text is read.
    public enum FieldType: Sendable, Hashable {
        case id, text, bool, date, money, number, period, currency
        case enumeration([String])
    }
}
