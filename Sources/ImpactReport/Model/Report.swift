/// A report, independent of any output format: what Markdown, HTML and templates render.
///
/// Every string in the model is plain text (renderers escape it for their format) except `.markdown`
/// blocks, which hold the user's own Markdown prose and are rendered by CommonMark in safe mode.
public struct Report: Sendable, Hashable {
    /// The one top-level heading.
    public var title: String
    public var cover: Cover
    public var sections: [ReportSection]
    /// Footnotes referenced by marks such as `¹` in tables and cards.
    public var footnotes: [String]
    public var branding: Branding
    /// BCP 47 language of the text, e.g. `en`.
    public var language: String

    public init(
        title: String, cover: Cover, sections: [ReportSection], footnotes: [String] = [],
        branding: Branding = Branding(),
        language: String = "en"
    ) {
        self.title = title
        self.cover = cover
        self.sections = sections
        self.footnotes = footnotes
        self.branding = branding
        self.language = language
    }

    /// The cover page: who, which quarter, when and from what.
    public struct Cover: Sendable, Hashable {
        public var organization: String
        /// e.g. `2026-Q3`.
        public var quarter: String
        /// The quarter's dates, formatted for the locale.
        public var period: String
        /// The generation date, formatted for the locale.
        public var generated: String
        /// The data sources read.
        public var sources: [String]

        public init(organization: String, quarter: String, period: String, generated: String, sources: [String]) {
            self.organization = organization
            self.quarter = quarter
            self.period = period
            self.generated = generated
            self.sources = sources
        }
    }
}

/// Title, logo and accent colour of a workspace's reports.
public struct Branding: Sendable, Hashable {
    /// `#rrggbb`, used for rules and borders (never for text, so contrast never depends on it).
    public var accent: String
    /// The logo as a `data:` URI, embedded so that the report stays self-contained.
    public var logoDataURI: String?

    public init(accent: String = "#0b6e4f", logoDataURI: String? = nil) {
        self.accent = accent
        self.logoDataURI = logoDataURI
    }
}
