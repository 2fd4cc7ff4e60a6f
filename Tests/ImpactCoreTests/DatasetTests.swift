import ImpactCore
import Testing

/// How a dataset holds the engagements: one array sorted in place by organisation, then start day, then
/// input order — checked against the plain definition on shuffled input.
@Suite struct DatasetTests {
    @Test(arguments: [1, 2, 3, 50, 2_000])
    func eachOrganisationsEngagementsAreItsOwnInStartOrderTiesInInputOrder(count: Int) throws {
        // Scrambled but deterministic: organisations interleave, days go back and forth.
        func pick(_ index: Int, _ a: Int, _ b: Int, _ modulus: Int) -> Int { (index * a + index / b + count) % modulus }
        let organizations = (0..<7).map { Identifier("org-\($0)") }
        let partners = (0..<5).map { Identifier("p-\($0)") }
        var engagements: [Engagement] = []
        for index in 0..<count {
            // Few distinct days, so that many engagements start on the same one.
            let day = CalendarDate(dayNumber: 20_000 + pick(index, 7, 5, 9) * 97)
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
            let expected = engagements.enumerated().filter { $0.element.organization == organization }
                .sorted { a, b in
                    a.element.startedOn != b.element.startedOn
                        ? a.element.startedOn < b.element.startedOn : a.offset < b.offset
                }
                .map(\.element)
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
                #expect(
                    context.countActiveEngagements { kinds.contains($0.kind) && types.contains($1.actorType) }
                        == expectedCount)
            }
        }
    }
}
