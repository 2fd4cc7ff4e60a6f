import ImpactCore
import Testing

/// How a dataset holds the engagements: one array sorted in place by organisation, then start day, then
/// input order — checked against the plain definition on shuffled input.
@Suite struct DatasetTests {
    @Test(arguments: [1, 2, 3, 50, 2_000])
    func eachOrganisationsEngagementsAreItsOwnInStartOrderTiesInInputOrder(count: Int) throws {
        var generator = SplitMix(seed: UInt64(count))
        let organizations = (0..<7).map { Identifier("org-\($0)") }
        let partners = (0..<5).map { Identifier("p-\($0)") }
        var engagements: [Engagement] = []
        for index in 0..<count {
            // Few distinct days, so that many engagements start on the same one.
            let day = CalendarDate(dayNumber: 20_000 + Int(generator.next() % 9))
            engagements.append(
                Engagement(
                    id: Identifier("e\(index)"), organization: organizations[Int(generator.next() % 7)],
                    partner: partners[Int(generator.next() % 5)], kind: .jointProject, startedOn: day,
                    value: ExactDecimal(micros: Int128(index))))
        }
        let dataset = try Dataset(
            organizations: organizations.reversed().map { Organization(id: $0, name: $0.rawValue) },
            partners: partners.map { Partner(id: $0, name: $0.rawValue, actorType: .smb) },
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
            // The partner of each engagement as the queries see it.
            let context = MetricContext(
                dataset: dataset, organization: dataset.organization(organization)!,
                quarter: Quarter(fiscalYear: 2024, number: 4))
            let active = Set(context.engagementsActive().map(\.partner))
            #expect(context.activePartners().map(\.id) == active.sorted())
        }
    }
}

/// A small deterministic generator for test data.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
