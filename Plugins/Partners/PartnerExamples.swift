import ImpactCore

/// Shared example data: acme (sector C) works with a university (M), a bank (K) and a lab of unknown
/// sector in 2026-Q1.
enum PartnerExamples {
    static func network() throws -> Dataset {
        try DatasetBuilder().organization("acme", sector: "C").financials("acme", "2026-Q1")
            .partner("uni", .research, sector: "M").partner("bank", .financial, sector: "K")
            .partner("lab", .infrastructure).partner("maker", .smb, sector: "C")
            .engagement("acme", "uni", .jointProject, started: "2025-06-01", value: 5_000)
            .engagement("acme", "uni", .license, started: "2026-02-01", ended: "2026-03-01", value: 3_000)
            .engagement("acme", "bank", .loan, started: "2026-01-15", ended: "2026-12-31", value: 1_000)
            .engagement("acme", "lab", .sharedFacility, started: "2026-03-31", value: 1_000)
            .engagement("acme", "maker", .procurement, started: "2025-01-01", ended: "2025-12-31", value: 400)
            .build()
    }
}
