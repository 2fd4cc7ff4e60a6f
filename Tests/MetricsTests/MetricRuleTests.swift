import BuiltinMetrics
import Foundation
import ImpactCore
import Testing

/// The rules of METRICS.md case by case, beyond the descriptors' examples: null reasons in the order the
/// contract checks them, boundaries of quarters and fiscal years, and what counts.
@Suite struct MetricRuleTests {
    let engine = MetricEngine(registry: BuiltinPlugins.registry())

    func value(_ metric: String, _ quarter: Quarter, org: Identifier = "acme", _ data: DatasetBuilder) throws
        -> MetricValue
    {
        let results = try engine.run(on: data.build(), quarters: [quarter], metricIDs: [metric])
        return try #require(results.observations.first { $0.organization == org }).value
    }

    func base(sector: Identifier? = "C", start: Int = 1) -> DatasetBuilder {
        DatasetBuilder(calendar: FiscalCalendar(startMonth: start)!).organization("acme", sector: sector)
    }

    @Test func everyMetricIsNoDataWhenNotReportingWhateverElseExists() throws {
        let data = base().financials("acme", "2026-Q1", revenue: 10).partner("p", .research)
            .engagement("acme", "p", .grant, started: "2026-04-05", value: 100)
            .launch("acme", "l", started: "2026-01-01", launched: "2026-05-01")
        let results = try engine.run(on: data.build(), quarters: ["2026-Q2"])
        #expect(results.observations.count == 25)
        #expect(results.observations.allSatisfy { $0.value == .null(.noData) })
    }

    @Test func growthChecksMissingBeforeZeroBase() throws {
        let unknownNow = base().financials("acme", "2026-Q1", revenue: 0).financials("acme", "2026-Q2")
        #expect(try value("revenue.growth_qoq", "2026-Q2", unknownNow) == .null(.noData))
        let yearBack = base().financials("acme", "2025-Q2", revenue: 0).financials("acme", "2026-Q2", revenue: 5)
        #expect(try value("revenue.growth_yoy", "2026-Q2", yearBack) == .null(.zeroBase))
        #expect(try value("revenue.growth_qoq", "2026-Q2", yearBack) == .null(.noData))
        let fall = base().financials("acme", "2026-Q1", revenue: 5).financials("acme", "2026-Q2", revenue: 0)
        #expect(try value("revenue.growth_qoq", "2026-Q2", fall) == .number(-1))
    }

    @Test func growthCrossesFiscalYearsWithAnAprilStart() throws {
        // With a fiscal year starting in April, 2027-Q1 (Apr–Jun 2026) follows 2026-Q4 (Jan–Mar 2026).
        let data = base(start: 4).financials("acme", "2026-Q4", revenue: 100).financials(
            "acme", "2027-Q1", revenue: 120
        )
        .financials("acme", "2026-Q1", revenue: 80)
        #expect(try value("revenue.growth_qoq", "2027-Q1", data) == .number(0.2))
        #expect(try value("revenue.growth_yoy", "2027-Q1", data) == .number(0.5))
    }

    @Test func trailingSumNeedsFourKnownRevenues() throws {
        let data = base().financials("acme", "2025-Q3", revenue: 1).financials("acme", "2025-Q4")
            .financials("acme", "2026-Q1", revenue: 1).financials("acme", "2026-Q2", revenue: 1)
        #expect(try value("revenue.trailing_4q", "2026-Q2", data) == .null(.noData))
    }

    @Test func activeMeansOverlappingTheQuarterAtAll() throws {
        let data = base().financials("acme", "2026-Q2").partner("a", .other).partner("b", .other).partner("c", .other)
            .partner("d", .other).partner("e", .other)
            .engagement("acme", "a", .event, started: "2026-01-01", ended: "2026-03-31")  // ends the day before
            .engagement("acme", "b", .event, started: "2026-06-30")  // starts on the last day
            .engagement("acme", "c", .event, started: "2026-07-01")  // starts the day after
            .engagement("acme", "d", .event, started: "2025-01-01", ended: "2026-04-01")  // ends on the first day
            .engagement("acme", "e", .event, started: "2020-01-01")  // ongoing
        #expect(try value("partners.active", "2026-Q2", data) == .count(3))
    }

    @Test func newPartnersAreNewOnlyAtTheirFirstEngagement() throws {
        let data = base().financials("acme", "2026-Q2").partner("old", .other).partner("fresh", .other)
            .engagement("acme", "old", .event, started: "2026-05-01")
            .engagement("acme", "old", .event, started: "2025-05-01", ended: "2025-05-02")
            .engagement("acme", "fresh", .event, started: "2026-04-01")
            .engagement("acme", "fresh", .event, started: "2026-06-01")
        #expect(try value("partners.new", "2026-Q2", data) == .count(1))
    }

    @Test func diversityNullsInContractOrder() throws {
        let alone = base(sector: nil).financials("acme", "2026-Q2")
        #expect(try value("partners.cross_sector_share", "2026-Q2", alone) == .null(.noData))
        #expect(try value("partners.sector_diversity", "2026-Q2", alone) == .null(.noPartners))
        #expect(try value("partners.actor_type_diversity", "2026-Q2", alone) == .null(.noPartners))
        let unknownSectors = base().financials("acme", "2026-Q2").partner("p", .research)
            .engagement("acme", "p", .event, started: "2026-04-02")
        #expect(try value("partners.cross_sector_share", "2026-Q2", unknownSectors) == .null(.noData))
        #expect(try value("partners.sector_diversity", "2026-Q2", unknownSectors) == .null(.noData))
        #expect(try value("partners.actor_type_diversity", "2026-Q2", unknownSectors) == .number(1))
    }

    /// Sector diversity is exp(H) over the known sectors of the active partners, whether the partners' sectors
    /// are a few hundred or thousands (their codes then span a range too wide to tally by code), with some
    /// sectors unknown and some partners engaged several times.
    @Test(arguments: [300, 6_000])
    func sectorDiversityIsTheEffectiveNumberOfKnownSectors(sectors: Int) throws {
        var generator = SystemRandomNumberGenerator()
        // Sector codes are given in order of first appearance, organisations' first: many organisations
        // with sectors of their own push the partners' codes apart.
        let organizations =
            [Organization(id: "acme", name: "Acme", sector: "S-own")]
            + (0..<sectors).map { Organization(id: Identifier("o\($0)"), name: "O", sector: Identifier("S\($0)")) }
        let partners = (0..<300).map { index in
            Partner(
                id: Identifier("p\(index)"), actorType: .research,
                sector: index % 11 == 0 ? nil : Identifier("S\(Int.random(in: 0..<sectors, using: &generator))"))
        }
        let engaged = (0..<400).map { _ in partners.randomElement(using: &generator)! }
        let dataset = try Dataset(
            organizations: organizations, partners: partners,
            financials: [QuarterFinancials(organization: "acme", quarter: "2026-Q2")],
            engagements: engaged.map {
                Engagement(organization: "acme", partner: $0.id, kind: .event, startedOn: "2026-04-02")
            })
        let results = try engine.run(on: dataset, quarters: ["2026-Q2"], metricIDs: ["partners.sector_diversity"])
        let value = try #require(results.observations.first { $0.organization == "acme" }).value
        var shares: [Identifier: Int] = [:]
        for partner in Set(engaged.map(\.id)) {
            if let sector = partners.first(where: { $0.id == partner })!.sector { shares[sector, default: 0] += 1 }
        }
        let known = Double(shares.values.reduce(0, +))
        let entropy = -shares.values.map { Double($0) / known }.reduce(0) { $0 + $1 * log($1) }
        #expect(value.isClose(to: .number(exp(entropy))), "\(value) against \(exp(entropy))")
    }

    @Test func diversityCountsPartnersNotEngagements() throws {
        // Three engagements with one research partner and one with a bank: shares 1/2, 1/2 → exp(H) = 2.
        let data = base().financials("acme", "2026-Q2").partner("uni", .research, sector: "P")
            .partner("bank", .financial, sector: "K")
            .engagement("acme", "uni", .event, started: "2026-04-02").engagement(
                "acme", "uni", .training, started: "2026-04-03"
            )
            .engagement("acme", "uni", .mentoring, started: "2026-04-04").engagement(
                "acme", "bank", .loan, started: "2026-04-05")
        #expect(try value("partners.actor_type_diversity", "2026-Q2", data).isClose(to: .number(2)))
        #expect(try value("partners.sector_diversity", "2026-Q2", data).isClose(to: .number(2)))
    }

    @Test func sectorsCompareByteForByte() throws {
        let data = base(sector: "é").financials("acme", "2026-Q2").partner("p", .other, sector: "e\u{301}")
            .engagement("acme", "p", .event, started: "2026-04-02")
        #expect(try value("partners.cross_sector_share", "2026-Q2", data) == .number(1))
    }

    @Test func concentrationUsesTheValueOfEngagementsStartingInTheQuarter() throws {
        let data = base().financials("acme", "2026-Q2").partner("a", .other).partner("b", .other)
            .engagement("acme", "a", .procurement, started: "2026-03-31", ended: "2026-12-31", value: 1_000_000)
            .engagement("acme", "a", .procurement, started: "2026-04-01", value: 300)
            .engagement("acme", "b", .procurement, started: "2026-06-30", value: 100)
            .engagement("acme", "b", .event, started: "2026-05-01")
        #expect(try value("partners.top_partner_share", "2026-Q2", data) == .number(0.75))
        #expect(try value("partners.value_hhi", "2026-Q2", data).isClose(to: .number(6_250)))
        let nothing = base().financials("acme", "2026-Q2").partner("a", .other)
            .engagement("acme", "a", .event, started: "2026-04-01")
        #expect(try value("partners.value_hhi", "2026-Q2", nothing) == .null(.zeroBase))
    }

    @Test func fundingCountsFundingKindsAndTheirPartnersWhateverTheValue() throws {
        let data = base().financials("acme", "2026-Q2").partner("a", .government).partner("b", .financial)
            .partner("c", .financial)
            .engagement("acme", "a", .grant, started: "2026-04-01", value: "1000.10")
            .engagement("acme", "b", .investment, started: "2026-05-01")
            .engagement("acme", "b", .loan, started: "2026-06-01", value: 500)
            .engagement("acme", "c", .procurement, started: "2026-06-01", value: 99)
            .engagement("acme", "c", .loan, started: "2026-03-31", value: 7)
        #expect(try value("funding.raised", "2026-Q2", data) == .money("1500.1"))
        #expect(try value("funding.grants", "2026-Q2", data) == .money("1000.1"))
        #expect(try value("funding.investors", "2026-Q2", data) == .count(2))
    }

    @Test func researchCollaborationsCountEngagementsWithResearchPartners() throws {
        let data = base().financials("acme", "2026-Q2").partner("uni", .research).partner("lab", .infrastructure)
            .engagement("acme", "uni", .jointProject, started: "2026-01-01", ended: "2026-04-01")
            .engagement("acme", "uni", .license, started: "2026-06-30")
            .engagement("acme", "uni", .jointProject, started: "2026-07-01")
            .engagement("acme", "lab", .jointProject, started: "2026-04-01")
        #expect(try value("knowledge.research_collaborations", "2026-Q2", data) == .count(2))
    }

    @Test func launchesFollowTheFiscalQuarterOfTheLaunchDay() throws {
        // April start: 2027-Q4 is January–March 2027; a leap day belongs to its quarter.
        let data = base(start: 4).financials("acme", "2024-Q4")
            .launch("acme", "a", started: "2023-12-31", launched: "2024-02-29")
            .launch("acme", "b", started: "2024-01-01", launched: "2024-03-31")
            .launch("acme", "c", started: "2024-01-01", launched: "2024-04-01")
        #expect(try value("time_to_market.launches", "2024-Q4", data) == .count(2))
        // 60 and 90 days (2024 is a leap year).
        #expect(try value("time_to_market.median_days", "2024-Q4", data) == .number(75))
        #expect(try value("time_to_market.p85_days", "2024-Q4", data).isClose(to: .number(85.5)))
    }

    @Test func ecosystemGainNeedsBothGroups() throws {
        let supportedOnly = base().financials("acme", "2026-Q2")
            .launch("acme", "a", started: "2026-01-01", launched: "2026-04-10", ecosystemSupported: true)
        #expect(try value("time_to_market.ecosystem_gain_days_4q", "2026-Q2", supportedOnly) == .null(.noLaunches))
        let both = supportedOnly.launch("acme", "b", started: "2025-01-01", launched: "2025-07-01")
        #expect(try value("time_to_market.ecosystem_gain_days_4q", "2026-Q2", both) == .number(181 - 99))
    }

    @Test func savingsRateDividesByTheWholeCostBase() throws {
        let data = base().financials("acme", "2026-Q2", operatingCosts: 900, costSavings: 100)
        #expect(try value("cost.savings_rate", "2026-Q2", data) == .number(0.1))
    }
}
