import ImpactCore
import ImpactResults

extension SMBReportBuilder {
    /// Where the member stands in each of its groups whose aggregate is published: the peer median, the
    /// group's size and the member's percentile rank. Only published statistics, never another member's
    /// figure.
    func peersSection() -> ReportSection? {
        let benchmarks = document.benchmarks.filter { $0.quarter == quarter }
        guard !benchmarks.isEmpty else { return nil }
        let rows = benchmarks.map { benchmark -> [String] in
            let unit = timeline.unit(benchmark.metric)
            return [
                timeline.title(benchmark.metric), Self.groupName(benchmark.group),
                formatter.value(timeline.value(benchmark.metric), unit: unit),
                formatter.value(.number(benchmark.median), unit: unit == .money ? .money : unit),
                formatter.integer(benchmark.n), formatter.number(benchmark.percentileRank, digits: 0),
            ]
        }
        return ReportSection(
            id: "peers", title: "Among your peers",
            blocks: [
                .paragraph(
                    "How \(organization.name) compares in \(quarter) with the other members of its groups. The percentile rank is the share of the group below it (counting ties as half): 50 is the middle, 90 means ahead of nine in ten. Groups too small to publish without revealing a member are left out."
                ),
                .table(
                    ReportTable(
                        caption: "Percentile rank and peer median in \(quarter)",
                        columns: [
                            .init("Metric"), .init("Group"), .init("Value", numeric: true),
                            .init("Peer median", numeric: true),
                            .init("n", numeric: true), .init("Percentile rank", numeric: true),
                        ],
                        rows: rows)),
            ])
    }

    static func groupName(_ group: PortfolioGroup) -> String {
        guard let dimension = group.dimension, let value = group.value else { return "all members" }
        switch dimension {
        case .cohort: return "cohort \(value)"
        case .region: return "region \(value)"
        case .sector: return "sector \(value)"
        case .sizeBand: return "size band \(value)"
        }
    }
}
