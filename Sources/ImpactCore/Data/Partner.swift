/// Another actor of the ecosystem that organisations engage with.
public struct Partner: Sendable, Hashable {
    public var id: Identifier
    public var name: String?
    public var actorType: ActorType
    /// Same code system as `Organization.sector`; nil when unknown.
    public var sector: Identifier?
    public var region: Identifier?

    public init(
        id: Identifier, name: String? = nil, actorType: ActorType, sector: Identifier? = nil,
        region: Identifier? = nil
    ) {
        self.id = id
        self.name = name
        self.actorType = actorType
        self.sector = sector
        self.region = region
    }
}
