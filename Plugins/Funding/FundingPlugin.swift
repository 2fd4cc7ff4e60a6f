import ImpactCore

/// The built-in `funding` plugin: money raised through grants, investments and loans, and from how many
/// partners.
public enum FundingPlugin {
    public static let plugin = MetricPlugin(
        name: "funding", metrics: [FundingAmount.raised, FundingAmount.grants, FundingInvestors()])
}

enum FundingExamples {
    /// In 2026-Q1: a grant of 10,000 and a loan of 5,000.50 from the bank (two engagements), a zero-value
    /// investment talk with an angel, a training that is not funding; a grant of 7 in 2025-Q4.
    static func funded() throws -> Dataset {
        try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
            .partner("agency", .government).partner("bank", .financial).partner("angel", .financial)
            .engagement("acme", "agency", .grant, started: "2026-02-01", value: 10_000)
            .engagement("acme", "bank", .loan, started: "2026-01-01", value: 5_000)
            .engagement("acme", "bank", .loan, started: "2026-03-31", value: "0.50")
            .engagement("acme", "angel", .investment, started: "2026-03-01")
            .engagement("acme", "agency", .training, started: "2026-03-01", value: 900)
            .engagement("acme", "agency", .grant, started: "2025-12-31", value: 7)
            .build()
    }
}
