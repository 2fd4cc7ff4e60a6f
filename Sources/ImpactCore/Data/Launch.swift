/// An innovation project and, once it happened, its first market introduction.
public struct Launch: Sendable, Hashable {
    public var projectID: Identifier
    public var organization: Identifier
    public var name: String?
    public var startedOn: CalendarDate
    /// nil while the project has not launched.
    public var launchedOn: CalendarDate?
    public var ecosystemSupported: Bool

    public init(
        projectID: Identifier, organization: Identifier, name: String? = nil, startedOn: CalendarDate,
        launchedOn: CalendarDate? = nil, ecosystemSupported: Bool = false
    ) {
        self.projectID = projectID
        self.organization = organization
        self.name = name
        self.startedOn = startedOn
        self.launchedOn = launchedOn
        self.ecosystemSupported = ecosystemSupported
    }

    /// Whole days from kick-off to launch; nil before the launch.
    public var daysToMarket: Int? { launchedOn.map { startedOn.days(to: $0) } }
}
