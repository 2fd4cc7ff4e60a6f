/// The kind of actor a partner is in the innovation ecosystem.
public enum ActorType: String, Sendable, Hashable, CaseIterable, Comparable {
    case smb
    case largeEnterprise = "large_enterprise"
    case supportOrg = "support_org"
    case research, financial, government,
        infrastructure, other

    public static func < (lhs: ActorType, rhs: ActorType) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The case's position in `allCases`, for masks (a switch, not a search).
    var ordinal: UInt64 {
        switch self {
        case .smb: 0
        case .largeEnterprise: 1
        case .supportOrg: 2
        case .research: 3
        case .financial: 4
        case .government: 5
        case .infrastructure: 6
        case .other: 7
        }
    }
}
