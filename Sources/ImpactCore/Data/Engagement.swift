/// One interaction between an organisation and a partner. Its value is in the base currency.
public struct Engagement: Sendable, Hashable {
    public var id: Identifier?
    public var organization: Identifier
    public var partner: Identifier
    public var kind: EngagementKind
    public var startedOn: CalendarDate
    /// nil while the engagement is ongoing.
    public var endedOn: CalendarDate?
    /// In the base currency; 0 when the source left it empty.
    public var value: ExactDecimal

    public init(
        id: Identifier? = nil, organization: Identifier, partner: Identifier, kind: EngagementKind,
        startedOn: CalendarDate, endedOn: CalendarDate? = nil, value: ExactDecimal = .zero
    ) {
        self.id = id
        self.organization = organization
        self.partner = partner
        self.kind = kind
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.value = value
    }

    /// Active in a period of days: started on or before its last day, and not ended before its first.
    public func isActive(from first: CalendarDate, through last: CalendarDate) -> Bool {
        startedOn <= last && (endedOn.map { $0 >= first } ?? true)
    }
}
