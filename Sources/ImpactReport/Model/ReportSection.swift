/// A section of a report: a heading and its blocks.
public struct ReportSection: Sendable, Hashable {
    /// A stable anchor, e.g. `revenue`.
    public var id: String
    public var title: String
    public var blocks: [ReportBlock]
    /// Whether printing starts it on a new page.
    public var pageBreakBefore: Bool

    public init(id: String, title: String, blocks: [ReportBlock], pageBreakBefore: Bool = false) {
        self.id = id
        self.title = title
        self.blocks = blocks
        self.pageBreakBefore = pageBreakBefore
    }
}
