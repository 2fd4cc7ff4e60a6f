/// The kind of actor a partner is in the innovation ecosystem.
public enum ActorType: String, Sendable, Hashable, CaseIterable, Comparable {
    case smb
    case largeEnterprise = "large_enterprise"
    case supportOrg = "support_org"
    case research, financial, government,
        infrastructure, other

    public static func < (lhs: ActorType, rhs: ActorType) -> Bool { lhs.rawValue < rhs.rawValue }
}
