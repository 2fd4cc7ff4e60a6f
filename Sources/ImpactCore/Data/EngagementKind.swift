/// What an engagement between an organisation and a partner was.
public enum EngagementKind: String, Sendable, Hashable, CaseIterable {
    case jointProject = "joint_project"
    case grant, investment, loan, mentoring, training, event
    case sharedFacility = "shared_facility"
    case license, procurement
    /// An internship or a hire through the partner.
    case talent

    /// Grants, investments and loans: the kinds that bring funding.
    public var isFunding: Bool { self == .grant || self == .investment || self == .loan }

    /// The case's position in `allCases`, for masks (a switch, not a search).
    var ordinal: UInt64 {
        switch self {
        case .jointProject: 0
        case .grant: 1
        case .investment: 2
        case .loan: 3
        case .mentoring: 4
        case .training: 5
        case .event: 6
        case .sharedFacility: 7
        case .license: 8
        case .procurement: 9
        case .talent: 10
        }
    }
}
