/// A trend chart over the report window. Drawn from `series` values; `table` carries the same numbers
/// for readers who cannot see the chart and for print.
public struct ReportChart: Sendable, Hashable {
    public var id: String
    public var title: String
    /// One or two sentences describing what the chart shows (SVG `<desc>`).
    public var summary: String
    /// x-axis labels, oldest first.
    public var categories: [String]
    public var series: [Series]
    /// The chart's numbers as a table; nil when the section's own table right after the chart holds them.
    public var table: ReportTable?
    /// y-axis ticks, lowest first, with their labels formatted for the locale.
    public var ticks: [Tick]

    public struct Tick: Sendable, Hashable {
        public var value: Double
        public var label: String

        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    public struct Series: Sendable, Hashable {
        public var name: String
        /// nil where there is no value (drawn as a gap).
        public var values: [Double?]

        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    public init(
        id: String, title: String, summary: String, categories: [String], series: [Series], table: ReportTable?,
        ticks: [Tick]
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.categories = categories
        self.series = series
        self.table = table
        self.ticks = ticks
    }
}
