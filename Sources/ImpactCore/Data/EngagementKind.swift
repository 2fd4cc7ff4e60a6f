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
}
