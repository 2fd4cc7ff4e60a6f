import ImpactCore

/// `partners.cross_sector_share`: among active partners with a known sector, the share from another
/// sector than the organisation's.
public struct CrossSectorShare: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "partners.cross_sector_share", title: "Cross-sector share",
        summary:
            "Of the active partners whose sector is known, the fraction in a sector other than the organisation's.",
        unit: .ratio, direction: .higherIsBetter, additive: false,
        examples: [
            MetricExample("University and bank are cross-sector: 2 of 2", quarter: "2026-Q1", expected: .number(1)) {
                try PartnerExamples.network()
            },
            MetricExample("Same-sector partner: 1 of 2", quarter: "2025-Q3", expected: .number(0.5)) {
                try DatasetBuilder().organization("acme", sector: "C").financials("acme", "2025-Q3")
                    .partner("maker", .smb, sector: "C").partner("uni", .research, sector: "M")
                    .engagement("acme", "maker", .procurement, started: "2025-07-01")
                    .engagement("acme", "uni", .jointProject, started: "2025-07-01").build()
            },
            MetricExample("The organisation's own sector is unknown", quarter: "2026-Q1", expected: .null(.noData)) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").build()
            },
            MetricExample("No active partners", quarter: "2026-Q1", expected: .null(.noPartners)) {
                try DatasetBuilder().organization("acme", sector: "C").financials("acme", "2026-Q1").build()
            },
        ])

    public func value(in context: MetricContext) -> MetricValue {
        guard context.organization.sector != nil else { return .null(.noData) }
        let sectors = context.activePartnerSectorCodes()
        guard !sectors.partners.isEmpty, let ownSector = sectors.organization else { return .null(.noPartners) }
        let known = sectors.partners.compactMap { $0 }
        guard !known.isEmpty else { return .null(.noData) }
        return .number(Double(known.filter { $0 != ownSector }.count) / Double(known.count))
    }
}
