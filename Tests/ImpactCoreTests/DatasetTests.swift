import Foundation
import Testing

@testable import ImpactCore

/// How a dataset holds the engagements: one array sorted in place by organisation, then start day, then
/// input order — checked against the plain definition on shuffled input.
@Suite struct DatasetTests {
    /// `step` days between the nine start days: 97 keeps an organisation's days within a few thousand,
    /// which are sorted by counting; 5,003 spreads them wider than that sort is used for.
    @Test(arguments: [1, 2, 3, 50, 2_000], [97, 5_003])
    func eachOrganisationsEngagementsAreItsOwnInStartOrderTiesInInputOrder(count: Int, step: Int) throws {
        // Scrambled but deterministic: organisations interleave, days go back and forth.
        func pick(_ index: Int, _ a: Int, _ b: Int, _ modulus: Int) -> Int { (index * a + index / b + count) % modulus }
        let organizations = (0..<7).map { Identifier("org-\($0)") }
        let partners = (0..<5).map { Identifier("p-\($0)") }
        var engagements: [Engagement] = []
        for index in 0..<count {
            // Few distinct days, so that many engagements start on the same one.
            let day = CalendarDate(dayNumber: 20_000 + pick(index, 7, 5, 9) * step)
            engagements.append(
                Engagement(
                    id: Identifier("e\(index)"), organization: organizations[pick(index, 5, 3, 7)],
                    partner: partners[pick(index, 3, 2, 5)],
                    kind: [.jointProject, .license, .training][pick(index, 2, 7, 3)], startedOn: day,
                    value: ExactDecimal(micros: Int128(index))))
        }
        let dataset = try Dataset(
            organizations: organizations.reversed().map { Organization(id: $0, name: $0.rawValue) },
            partners: partners.enumerated().map {
                Partner(id: $1, name: $1.rawValue, actorType: [.smb, .research, .financial][$0 % 3])
            },
            engagements: engagements)
        #expect(dataset.engagementCount == count)
        for organization in organizations {
            let expected = Self.inStartOrder(engagements, of: organization)
            #expect(dataset.engagements(of: organization) == expected)
            // The partner queries of each quarter against their definitions.
            let own = expected
            let firstQuarter = Quarter(fiscalYear: 2024, number: 4).ordinal
            for quarter in (firstQuarter...firstQuarter + 9).map(Quarter.init(ordinal:)) {
                let context = MetricContext(
                    dataset: dataset, organization: dataset.organization(organization)!, quarter: quarter)
                let active = Set(context.engagementsActive().map(\.partner))
                #expect(context.activePartners().map(\.id) == active.sorted())
                #expect(context.activePartnerCount() == active.count)
                #expect(context.activePartnerActorTypes() == context.activePartners().map(\.actorType))
                let first = Dictionary(own.map { ($0.partner, $0.startedOn) }, uniquingKeysWith: min)
                let new = first.filter { FiscalCalendar.calendarYear.quarter(containing: $0.value) == quarter }.keys
                    .sorted()
                #expect(context.newPartners().map(\.id) == new, "\(organization) \(quarter)")
                #expect(context.newPartnerCount() == new.count)
                // Counting by kind and partner type, both forms, against the plain filter.
                let kinds: Set<EngagementKind> = [.jointProject, .license]
                let types: Set<ActorType> = [.research, .smb]
                let expectedCount = context.engagementsActive().count {
                    kinds.contains($0.kind) && types.contains(dataset.partner($0.partner)!.actorType)
                }
                #expect(context.countActiveEngagements(kinds: kinds, partnerTypes: types) == expectedCount)
                // Value per partner of the engagements starting in the quarter, sorted by partner id.
                var perPartner: [Identifier: ExactDecimal] = [:]
                for engagement in own
                where FiscalCalendar.calendarYear.quarter(containing: engagement.startedOn) == quarter {
                    perPartner[engagement.partner, default: .zero] += engagement.value
                }
                let expectedValues = perPartner.sorted { $0.key < $1.key }
                #expect(context.valueByPartner().map(\.partner.id) == expectedValues.map(\.key))
                #expect(context.valueByPartner().map(\.value) == expectedValues.map(\.value))
                #expect(context.valuesByPartner() == expectedValues.map(\.value))
                #expect(
                    context.countActiveEngagements { kinds.contains($0.kind) && types.contains($1.actorType) }
                        == expectedCount)
            }
        }
    }

    /// The plain definition: an organisation's engagements by start day, ties in input order.
    static func inStartOrder(_ engagements: [Engagement], of organization: Identifier) -> [Engagement] {
        engagements.enumerated().filter { $0.element.organization == organization }
            .sorted { a, b in
                a.element.startedOn != b.element.startedOn
                    ? a.element.startedOn < b.element.startedOn : a.offset < b.offset
            }
            .map(\.element)
    }

    /// Input given organisation by organisation in id order (rearranged range by range on every core)
    /// and the same engagements interleaved (one permutation of the whole store) make the same dataset:
    /// each organisation's engagements by start day, ties in input order — whichever way the sort takes:
    /// days within a few weeks (counted into place), days spread over millennia in some organisations
    /// (compared as 32-bit day keys), and the first and last days a `CalendarDate` can hold.
    @Test(arguments: [Spread.weeks, .millennia, .extremes])
    func groupedAndInterleavedInputSortAlike(spread: Spread) throws {
        var generator = SystemRandomNumberGenerator()
        let organizations = (0..<40).map { Identifier(String(format: "org-%03d", $0)) }
        let partners = (0..<9).map { Identifier("p-\($0)") }
        var engagements: [Engagement] = []
        for index in 0..<6_000 {
            let organization = Int(generator.next() % 40)
            var day = 19_000 + Int(generator.next() % 50)
            if spread != .weeks && organization % 3 == 0 && index % 5 == 0 {
                let high = generator.next() % 2 == 0
                if spread == .extremes {
                    day = high ? Int(Int32.max) - Int(generator.next() % 3) : Int(Int32.min) + Int(generator.next() % 3)
                } else {
                    day = (high ? 1 : -1) * 1_000_000 + Int(generator.next() % 3)
                }
            }
            engagements.append(
                Engagement(
                    id: Identifier("e\(index)"), organization: organizations[organization],
                    partner: partners[Int(generator.next() % 9)], kind: .license,
                    startedOn: CalendarDate(dayNumber: day), value: ExactDecimal(micros: Int128(index))))
        }
        let grouped = engagements.enumerated().sorted {
            $0.element.organization != $1.element.organization
                ? $0.element.organization < $1.element.organization : $0.offset < $1.offset
        }.map(\.element)
        func dataset(_ engagements: [Engagement]) throws -> Dataset {
            try Dataset(
                organizations: organizations.map { Organization(id: $0, name: $0.rawValue) },
                partners: partners.map { Partner(id: $0, name: $0.rawValue, actorType: .smb) },
                engagements: engagements)
        }
        let fromGrouped = try dataset(grouped)
        let fromInterleaved = try dataset(engagements)
        for organization in organizations {
            let expected = Self.inStartOrder(grouped, of: organization)
            #expect(fromGrouped.engagements(of: organization) == expected)
            #expect(fromInterleaved.engagements(of: organization) == expected)
        }
        #expect(fromGrouped.engagementPartners == fromInterleaved.engagementPartners)
    }

    enum Spread: Sendable, CaseIterable { case weeks, millennia, extremes }

    /// Engagements handed over as columns (as the loader types them), their organisations and partners as
    /// positions in the id lists they were found in — the dataset's own order, or another — make the
    /// dataset the engagements themselves make; an unknown organisation is refused.
    @Test func engagementColumnsMakeTheDatasetOfTheirEngagements() throws {
        var generator = SystemRandomNumberGenerator()
        let organizations = (0..<9).map { Identifier("org-\($0)") }
        let partners = (0..<13).map { Identifier("partner-with-a-long-id-\($0)") }
        let engagements = (0..<500).map { index in
            Engagement(
                id: index % 7 == 0 ? nil : Identifier("e\(index)"),
                organization: organizations.randomElement(using: &generator)!,
                partner: partners.randomElement(using: &generator)!,
                kind: EngagementKind.allCases.randomElement(using: &generator)!,
                startedOn: CalendarDate(dayNumber: 20_000 + Int.random(in: 0..<900, using: &generator)),
                endedOn: index % 3 == 0 ? nil : CalendarDate(dayNumber: 21_000 + index),
                value: ExactDecimal(micros: Int128(index)))
        }
        let organizationRecords = organizations.shuffled().map { Organization(id: $0, name: $0.rawValue) }
        let partnerRecords = partners.map { Partner(id: $0, name: nil, actorType: .research) }
        let plain = try Dataset(organizations: organizationRecords, partners: partnerRecords, engagements: engagements)
        let sortedOrganizations = organizations.sorted()
        let sortedPartners = partners.sorted()
        let lists = [
            (sortedOrganizations, sortedPartners),
            (Array(sortedOrganizations.reversed()), sortedPartners),
            (sortedOrganizations, Array(sortedPartners.dropFirst()) + [sortedPartners[0]]),
        ]
        // Every quarter the engagements start in, so that each engagement's partner is active in one.
        let first = Quarter(fiscalYear: 2024, number: 4).ordinal
        for (organizationIDs, partnerIDs) in lists {
            let columns = EngagementColumns(
                ids: engagements.map(\.id),
                organizations: engagements.map { Int32(organizationIDs.firstIndex(of: $0.organization)!) },
                partners: engagements.map { Int32(partnerIDs.firstIndex(of: $0.partner)!) },
                kinds: engagements.map(\.kind), startedOn: engagements.map(\.startedOn),
                endedOn: engagements.map(\.endedOn), values: engagements.map(\.value))
            let handed = try Dataset(
                calendar: .calendarYear, currency: .euro, organizations: organizationRecords, partners: partnerRecords,
                financials: [], engagements: columns, organizationIDs: organizationIDs, partnerIDs: partnerIDs,
                launches: [], targets: [])
            // Each engagement's partner position, as the engine reads it.
            let partnerOf = { (dataset: Dataset) in dataset.engagementPartners.map { dataset.partners[Int($0)].id } }
            #expect(partnerOf(handed) == partnerOf(plain))
            #expect(handed.engagementCount == engagements.count)
            for organization in organizations {
                #expect(handed.engagements(of: organization) == plain.engagements(of: organization))
                for quarter in (first...first + 10).map(Quarter.init(ordinal:)) {
                    let context = MetricContext(
                        dataset: handed, organization: handed.organization(organization)!, quarter: quarter)
                    let expected = MetricContext(
                        dataset: plain, organization: plain.organization(organization)!, quarter: quarter)
                    #expect(context.activePartners() == expected.activePartners())
                    #expect(Array(context.engagementsStarting()) == Array(expected.engagementsStarting()))
                }
            }
        }
        var stray = engagements
        stray[17] = Engagement(
            id: nil, organization: "org-unknown", partner: partners[0], kind: .license,
            startedOn: CalendarDate(dayNumber: 20_000), value: .zero)
        #expect(throws: DatasetError.self) {
            try Dataset(organizations: organizationRecords, partners: partnerRecords, engagements: stray)
        }
    }

    /// An organisation's engagements starting in a quarter, read column by column, are the fields of the
    /// engagements themselves.
    @Test func theColumnsOfEngagementsAreTheirFields() throws {
        var builder = DatasetBuilder().organization("acme").organization("bolt").partner("uni", .research)
            .partner("bank", .smb)
        for day in 0..<40 {
            builder = builder.engagement(
                day % 3 == 0 ? "bolt" : "acme", day % 2 == 0 ? "uni" : "bank",
                EngagementKind.allCases[day % EngagementKind.allCases.count],
                started: CalendarDate(dayNumber: 20_450 + 3 * day), value: ExactDecimal(day * 10))
        }
        let dataset = try builder.build()
        for organization in dataset.organizations {
            for quarter in ["2026-Q1", "2026-Q2"] as [Quarter] {
                let starting = MetricContext(dataset: dataset, organization: organization, quarter: quarter)
                    .engagementsStarting()
                #expect(!starting.isEmpty)
                #expect(Array(starting.kinds) == starting.map { (engagement: Engagement) in engagement.kind })
                #expect(Array(starting.values) == starting.map { (engagement: Engagement) in engagement.value })
                #expect(Array(starting.startDays) == starting.map { (engagement: Engagement) in engagement.startedOn })
                #expect(Array(starting.partners) == starting.map { (engagement: Engagement) in engagement.partner })
                #expect(starting.allSatisfy { $0.organization == organization.id })
            }
        }
    }
}

@Suite struct ReportingCountTests {
    /// The count of each quarter is the number of organisations for which `reports` is true, and no quarter
    /// without a report is counted.
    @Test func eachQuartersCountIsTheOrganisationsThatReportInIt() throws {
        let organizations = (0..<9).map { Identifier("org-\($0)") }
        let quarters = (0..<7).map { Quarter(ordinal: Quarter(fiscalYear: 2025, number: 1).ordinal + $0 * 2) }
        var financials: [QuarterFinancials] = []
        for (index, organization) in organizations.enumerated() {
            for (step, quarter) in quarters.enumerated() where (index * 3 + step * 5) % 4 != 0 {
                financials.append(QuarterFinancials(organization: organization, quarter: quarter))
            }
        }
        let dataset = try Dataset(
            organizations: organizations.map { Organization(id: $0, name: $0.rawValue) }, financials: financials)
        let counts = dataset.reportingCounts
        #expect(Set(counts.keys) == Set(financials.map(\.quarter)))
        #expect(dataset.reportedQuarters == Set(financials.map(\.quarter)).sorted())
        for quarter in quarters {
            let reporting = organizations.count { dataset.reports($0, in: quarter) }
            #expect(counts[quarter] == (reporting == 0 ? nil : reporting), "\(quarter)")
        }
    }
}

/// Each organisation's figures, given in any order, are found by quarter as given; its quarters come sorted;
/// a quarter given twice for one organisation is refused at the first repeat in the order given.
@Suite struct FinancialsLookupTests {
    @Test func figuresGivenInAnyOrderAreFoundByQuarter() throws {
        let organizations = (0..<6).map { Identifier("org-\($0)") }
        let first = Quarter(fiscalYear: 2020, number: 1).ordinal
        var financials: [QuarterFinancials] = []
        var generator = SystemRandomNumberGenerator()
        for (index, organization) in organizations.enumerated() {
            // From none to forty quarters each, not all of them, some far apart.
            for step in 0..<(index * 8) where Bool.random(using: &generator) {
                financials.append(
                    QuarterFinancials(
                        organization: organization, quarter: Quarter(ordinal: first + step * (index % 3 + 1)),
                        revenue: ExactDecimal(micros: Int128(index * 1_000 + step))))
            }
        }
        financials.shuffle(using: &generator)
        let dataset = try Dataset(
            organizations: organizations.map { Organization(id: $0, name: $0.rawValue) }, financials: financials)
        for organization in organizations {
            let own = financials.filter { $0.organization == organization }
            #expect(dataset.reportedQuarters(of: organization) == own.map(\.quarter).sorted())
            for ordinal in (first - 2)...(first + 130) {
                let quarter = Quarter(ordinal: ordinal)
                #expect(dataset.financials(of: organization, in: quarter) == own.first { $0.quarter == quarter })
            }
        }
        #expect(dataset.financials(of: "nobody", in: Quarter(ordinal: first)) == nil)
        #expect(dataset.latestReportedQuarter == financials.map(\.quarter).max())
    }

    @Test func aQuarterGivenTwiceIsRefusedAtItsFirstRepeat() {
        let quarter = Quarter(fiscalYear: 2026, number: 1)
        let rows = [
            QuarterFinancials(organization: "zeta", quarter: quarter),
            QuarterFinancials(organization: "acme", quarter: quarter),
            QuarterFinancials(organization: "zeta", quarter: quarter.adding(1)),
            QuarterFinancials(organization: "zeta", quarter: quarter),
            QuarterFinancials(organization: "acme", quarter: quarter),
        ]
        #expect(throws: DatasetError.duplicateFinancials(organization: "zeta", quarter: quarter)) {
            try Dataset(
                organizations: ["acme", "zeta"].map { Organization(id: $0, name: $0.rawValue) }, financials: rows)
        }
    }
}

@Suite struct OrdinalTests {
    /// The masks of `countActiveEngagements` rely on each case having its own position in `allCases`.
    @Test func ordinalsAreTheCasesPositions() {
        #expect(EngagementKind.allCases.map(\.ordinal) == Array(0..<UInt64(EngagementKind.allCases.count)))
        #expect(ActorType.allCases.map(\.ordinal) == Array(0..<UInt64(ActorType.allCases.count)))
    }
}

/// The partner queries of a context against their definitions, computed here from the engagements
/// themselves, for organisations with few engagements and with hundreds (found another way above a few
/// dozen), partners spread over a wide range of positions or a narrow one, and three organisations whose
/// engagements and partners interleave (each numbers its partners from its own place in the columns).
@Suite struct PartnerQueryTests {
    @Test(arguments: [(5, 40), (40, 3_000), (600, 3_000), (600, 70)], [1, 3])
    func partnerQueriesAreTheirDefinitions(sizes: (engagementCount: Int, partnerCount: Int), organizationCount: Int)
        throws
    {
        let (engagementCount, partnerCount) = sizes
        var generator = SystemRandomNumberGenerator()
        let partners = (0..<partnerCount).map { Identifier("p\($0)") }
        let organizations = (0..<organizationCount).map { Identifier("org\($0)") }
        let engagements = (0..<engagementCount * organizationCount).map { _ in
            let start = 20_000 + Int.random(in: 0..<1_100, using: &generator)
            return Engagement(
                organization: organizations.randomElement(using: &generator)!,
                partner: partners.randomElement(using: &generator)!, kind: .event,
                startedOn: CalendarDate(dayNumber: start),
                endedOn: Bool.random(using: &generator)
                    ? CalendarDate(dayNumber: start + Int.random(in: 0..<200, using: &generator)) : nil)
        }
        let dataset = try Dataset(
            organizations: organizations.map { Organization(id: $0, name: $0.rawValue) },
            partners: partners.map { Partner(id: $0, actorType: .research) },
            financials: organizations.map { QuarterFinancials(organization: $0, quarter: "2025-Q1") },
            engagements: engagements)
        for id in organizations {
            let organization = try #require(dataset.organization(id))
            let own = engagements.filter { $0.organization == id }
            let slot = try #require(dataset.organizationSlots[id])
            // As the engine makes them: the partners numbered once for every quarter.
            let numbered = OrganizationPartners(dataset: dataset, slot: slot)
            #expect(numbered.positions.map { dataset.partners[Int($0)].id } == Set(own.map(\.partner)).sorted())
            for ordinal in Quarter("2024-Q4").ordinal...Quarter("2027-Q2").ordinal {
                let quarter = Quarter(ordinal: ordinal)
                let first = dataset.calendar.firstDay(of: quarter)
                let last = dataset.calendar.lastDay(of: quarter)
                let active = Set(own.filter { $0.isActive(from: first, through: last) }.map { $0.partner })
                let starting = Set(own.filter { first <= $0.startedOn && $0.startedOn <= last }.map { $0.partner })
                let before = Set(own.filter { $0.startedOn < first }.map { $0.partner })
                for context in [
                    MetricContext(dataset: dataset, organization: organization, quarter: quarter),
                    MetricContext(
                        dataset: dataset, organization: organization, quarter: quarter, slot: slot, partners: numbered),
                    MetricContext(dataset: dataset, organization: organization, quarter: "2024-Q1").moved(to: quarter),
                ] {
                    #expect(context.activePartners().map(\.id) == active.sorted())
                    #expect(context.activePartnerCount() == active.count)
                    #expect(context.newPartners().map(\.id) == starting.subtracting(before).sorted())
                    #expect(context.newPartnerCount() == starting.subtracting(before).count)
                    // Another quarter's, asked of this one.
                    let next = quarter.adding(1)
                    let nextFirst = dataset.calendar.firstDay(of: next)
                    let nextLast = dataset.calendar.lastDay(of: next)
                    let nextActive = Set(
                        own.filter { $0.isActive(from: nextFirst, through: nextLast) }.map { $0.partner })
                    #expect(context.activePartners(in: next).map(\.id) == nextActive.sorted())
                }
            }
        }
    }
}
