/// Box plots drawn from published statistics only — the quartiles and the median (and the mean as a
/// mark) — never a minimum, a maximum, an outlier or an individual value.
public struct DistributionChart: Sendable, Hashable {
    public var id: String
    public var title: String
    public var summary: String
    /// One box per category (e.g. per quarter); nil where the aggregate is suppressed or absent.
    public var boxes: [Box?]
    public var categories: [String]
    public var ticks: [ReportChart.Tick]
    /// The numbers of the chart.
    public var table: ReportTable

    public struct Box: Sendable, Hashable {
        public var p25: Double
        public var median: Double
        public var p75: Double
        public var mean: Double

        public init(p25: Double, median: Double, p75: Double, mean: Double) {
            self.p25 = p25
            self.median = median
            self.p75 = p75
            self.mean = mean
        }
    }

    public init(
        id: String, title: String, summary: String, boxes: [Box?], categories: [String], ticks: [ReportChart.Tick],
        table: ReportTable
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.boxes = boxes
        self.categories = categories
        self.ticks = ticks
        self.table = table
    }
}
