import ImpactCore

/// The options a report is built with; those that change results are listed in its provenance.
public struct ReportSettings: Sendable {
    public var locale: String
    /// Minimum group size for disclosure control.
    public var k: Int
    public var branding: Branding
    /// The user's own words for the quarter (Markdown).
    public var narrative: String?
    /// A title replacing the default.
    public var title: String?

    public init(
        locale: String = "en-US", k: Int = 5, branding: Branding = Branding(), narrative: String? = nil,
        title: String? = nil
    ) {
        self.locale = locale
        self.k = k
        self.branding = branding
        self.narrative = narrative
        self.title = title
    }
}
