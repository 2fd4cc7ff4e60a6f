/// One piece of a section.
public enum ReportBlock: Sendable, Hashable {
    /// Headline figures.
    case kpis([KPICard])
    case table(ReportTable)
    /// A chart; its numbers are also given as a table.
    case chart(ReportChart)
    /// Box plots from published quartiles; the numbers are in its table.
    case distribution(DistributionChart)
    /// A paragraph of plain text.
    case paragraph(String)
    /// A list of plain-text items.
    case bullets([String])
    /// The user's own Markdown, rendered in safe mode.
    case markdown(String)
    /// A highlighted note.
    case callout(CalloutKind, String)
    /// Terms and their definitions (plain text).
    case definitions([Definition])
    /// A smaller heading inside a section.
    case subheading(String)

    public enum CalloutKind: String, Sendable, Hashable {
        case info, warning, risk, good
    }

    public struct Definition: Sendable, Hashable {
        public var term: String
        public var detail: String

        public init(term: String, detail: String) {
            self.term = term
            self.detail = detail
        }
    }
}
