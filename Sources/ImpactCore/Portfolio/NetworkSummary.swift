/// What a portfolio report says about the members' engagements in one quarter, before any rule of
/// disclosure control: which partners reach how many reporting members, cross-sector ties by the
/// partner's actor type, and how many reporting members are engaged at all. Computed from a dataset's
/// engagements in process (`init(dataset:quarter:)`), or inside a database when the engagements stay
/// there; the report applies rule 7 (names and categories only from k members) to either.
public struct NetworkSummary: Sendable, Hashable {
    /// Cross-sector ties with partners of one actor type.
    public struct Ties: Sendable, Hashable {
        /// Reporting members with such a tie.
        public var members: Int
        /// Active engagements that are such ties.
        public var engagements: Int

        public init(members: Int, engagements: Int) {
            self.members = members
            self.engagements = engagements
        }
    }

    public let quarter: Quarter
    /// Per partner with an engagement active in the quarter with a reporting member: how many
    /// reporting members it reaches.
    public let reach: [Identifier: Int]
    /// Engagements active in the quarter between a reporting member of known sector and a partner of
    /// another known sector, by the partner's actor type.
    public let ties: [ActorType: Ties]
    /// Reporting members with at least one engagement active in the quarter.
    public let engagedMembers: Int

    public init(quarter: Quarter, reach: [Identifier: Int], ties: [ActorType: Ties], engagedMembers: Int) {
        self.quarter = quarter
        self.reach = reach
        self.ties = ties
        self.engagedMembers = engagedMembers
    }

    /// The summary of a dataset's engagements.
    public init(dataset: Dataset, quarter: Quarter) {
        var reach: [Int32: Int] = [:]
        var ties: [ActorType: (members: Int, engagements: Int)] = [:]
        var engaged = 0
        for organization in dataset.organizations
        where dataset.reports(organization.id, in: quarter) {
            let context = MetricContext(dataset: dataset, organization: organization, quarter: quarter)
            let active = context.activeEngagementIndices(in: quarter)
            if !active.isEmpty { engaged += 1 }
            for position in context.activePartnerPositions { reach[position, default: 0] += 1 }
            var tiedTypes = Set<ActorType>()
            for index in active {
                let partner = dataset.partners[Int(dataset.engagementPartners[index])]
                guard let own = organization.sector, let theirs = partner.sector, own != theirs else { continue }
                ties[partner.actorType, default: (0, 0)].engagements += 1
                if tiedTypes.insert(partner.actorType).inserted {
                    ties[partner.actorType, default: (0, 0)].members += 1
                }
            }
        }
        self.init(
            quarter: quarter,
            reach: Dictionary(uniqueKeysWithValues: reach.map { (dataset.partners[Int($0.key)].id, $0.value) }),
            ties: ties.mapValues { Ties(members: $0.members, engagements: $0.engagements) }, engagedMembers: engaged)
    }
}
