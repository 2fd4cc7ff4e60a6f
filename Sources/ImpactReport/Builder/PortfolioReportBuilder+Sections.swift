import ImpactCore
import ImpactResults

extension PortfolioReportBuilder {
    func overviewSection() -> ReportSection {
        let known = dataset.organizations.count
        let reporting = dataset.organizations.filter { dataset.reports($0.id, in: quarter) }.count
        var cards = [
            KPICard(
                label: "Members reporting", value: "\(formatter.integer(reporting)) of \(formatter.integer(known))",
                note: "response rate \(formatter.percent(Double(reporting) / Double(max(known, 1))))")
        ]
        for metric in Self.headline where descriptors[metric] != nil {
            let now = portfolio.aggregate(metric, quarter)
            let before = portfolio.aggregate(metric, quarter.adding(-1))
            let additive = descriptors[metric]!.additive && unit(metric) == .money
            var card = KPICard(
                label: additive ? "\(title(metric)), total" : "\(title(metric)), median",
                value: additive ? sumCell(now) : cell(now) { $0.median })
            if let nowStats = now?.statistics, let beforeStats = before?.statistics {
                let (a, b): (MetricValue, MetricValue) =
                    additive
                    ? (nowStats.sum ?? .null(.noData), beforeStats.sum ?? .null(.noData))
                    : (.number(nowStats.median), .number(beforeStats.median))
                if let change = formatter.change(from: b, to: a, unit: unit(metric)) {
                    card.change = change.text + " vs \(quarter.adding(-1))"
                    card.trend = SMBReportBuilder.trend(change.delta, direction: descriptors[metric]!.direction)
                }
            }
            if let now, now.isPublished { card.note = "n = \(formatter.integer(now.n))" }
            cards.append(card)
        }
        var blocks: [ReportBlock] = [.kpis(cards)]
        blocks.append(.subheading("Data completeness"))
        blocks.append(.table(completenessTable(reporting: reporting, known: known)))
        return ReportSection(id: "overview", title: "Overview", blocks: blocks)
    }

    func completenessTable(reporting: Int, known: Int) -> ReportTable {
        let last = dataset.calendar.lastDay(of: quarter)
        let yearStart = dataset.calendar.firstDay(of: quarter.adding(-3))
        let engaged = network.engagedMembers
        var launched = 0
        for organization in dataset.organizations where dataset.reports(organization.id, in: quarter) {
            if dataset.launches(of: organization.id).contains(where: {
                $0.launchedOn! >= yearStart && $0.launchedOn! <= last
            }) {
                launched += 1
            }
        }
        let targeted = Set(document.results.targets.filter { $0.quarter == quarter }.map(\.organization)).count
        func row(_ table: String, _ meaning: String, _ count: Int) -> [String] {
            [
                table, meaning, memberCount(count),
                count >= k ? formatter.percent(Double(count) / Double(max(known, 1))) : "—",
            ]
        }
        return ReportTable(
            caption: "Members with data in \(quarter), of \(formatter.integer(known)) known",
            columns: [
                .init("Table"), .init("Counts when"), .init("Members", numeric: true), .init("Share", numeric: true),
            ],
            rows: [
                row("financials", "the member reports for the quarter", reporting),
                row("engagements", "a reporting member has an engagement active in the quarter", engaged),
                row("launches", "a reporting member launched in the last four quarters", launched),
                row("targets", "a member has a target for the quarter", targeted),
            ])
    }

    func highlightsSection() -> ReportSection {
        var sentences: [String] = []
        let known = dataset.organizations.count
        let reporting = dataset.organizations.filter { dataset.reports($0.id, in: quarter) }.count
        let previous = dataset.organizations.filter { dataset.reports($0.id, in: quarter.adding(-1)) }.count
        sentences.append(
            "\(formatter.integer(reporting)) of \(formatter.integer(known)) members reported for \(quarter) (\(formatter.integer(previous)) in \(quarter.adding(-1)))."
        )
        struct Move {
            let metric: String
            let size: Double
            let sentence: String
        }
        var moves: [Move] = []
        for metric in Self.distributions where descriptors[metric] != nil {
            guard let now = portfolio.aggregate(metric, quarter)?.statistics,
                let before = portfolio.aggregate(metric, quarter.adding(-1))?.statistics,
                let change = formatter.change(
                    from: .number(before.median), to: .number(now.median), unit: unit(metric)),
                change.delta != 0
            else { continue }
            let better = SMBReportBuilder.trend(change.delta, direction: descriptors[metric]!.direction) == .improved
            let size = unit(metric) == .ratio ? abs(change.delta) * 2 : abs(change.delta) / max(abs(before.median), 1)
            moves.append(
                Move(
                    metric: metric, size: size,
                    sentence:
                        "The median \(title(metric).lowercasedFirst) \(change.delta > 0 ? "rose by" : "fell by") \(change.text.trimmingSign) to \(statistic(now.median, metric)), \(better ? "better" : "worse") than in \(quarter.adding(-1))."
                ))
        }
        sentences += moves.sorted { ($0.size, $1.metric) > ($1.size, $0.metric) }.prefix(4).map(\.sentence)
        let withheld = document.aggregates.filter { $0.quarter == quarter && !$0.isPublished }.count
        let total = document.aggregates.filter { $0.quarter == quarter }.count
        if withheld > 0 {
            sentences.append(
                "\(formatter.integer(withheld)) of \(formatter.integer(total)) group statistics for \(quarter) are withheld so that no member's figures can be read from them."
            )
        }
        return ReportSection(id: "highlights", title: "Highlights", blocks: [.bullets(sentences)])
    }

    func outcomesSection() -> ReportSection {
        let rows = document.results.metrics.map { entry -> [String] in
            let metric = entry.descriptor.id
            let aggregate = portfolio.aggregate(metric, quarter)
            return [
                title(metric), aggregate.map { formatter.integer($0.n) } ?? "0",
                entry.descriptor.additive ? sumCell(aggregate) : "",
                cell(aggregate) { $0.p25 }, cell(aggregate) { $0.median }, cell(aggregate) { $0.p75 },
            ]
        }
        return ReportSection(
            id: "outcomes", title: "Headline outcomes",
            blocks: [
                .paragraph(
                    "Statistics over the members with a value in \(quarter). Totals are given only where adding up members' figures means something; quartiles and medians describe the typical member."
                ),
                .table(
                    ReportTable(
                        caption: "Outcomes across the portfolio in \(quarter)",
                        columns: [
                            .init("Metric"), .init("n", numeric: true), .init("Total", numeric: true),
                            .init("25th percentile", numeric: true), .init("Median", numeric: true),
                            .init("75th percentile", numeric: true),
                        ],
                        rows: rows)),
            ], pageBreakBefore: true)
    }

    func distributionsSection() -> ReportSection {
        var blocks: [ReportBlock] = [
            .paragraph(
                "Each box spans the middle half of the members (25th to 75th percentile) with a line at the median and a diamond at the mean. Only these published statistics are drawn — never a member's own value, a minimum or a maximum."
            )
        ]
        for metric in Self.distributions where descriptors[metric] != nil {
            let quarters = document.results.quarters
            let aggregates = quarters.map { portfolio.aggregate(metric, $0) }
            let boxes = aggregates.map { aggregate in
                aggregate?.statistics.map {
                    DistributionChart.Box(p25: $0.p25, median: $0.median, p75: $0.p75, mean: $0.mean)
                }
            }
            let values = boxes.compactMap { $0 }.flatMap { [$0.p25, $0.p75, $0.mean] }
            let ticks = NiceScale.ticks(for: values).map { ReportChart.Tick(value: $0, label: axis($0, metric)) }
            var rows: [[String]] = []
            for (index, quarter) in quarters.enumerated() {
                let aggregate = aggregates[index]
                var change = "—"
                if index > 0, let now = aggregate?.statistics, let before = aggregates[index - 1]?.statistics {
                    change =
                        formatter.change(from: .number(before.median), to: .number(now.median), unit: unit(metric))?
                        .text ?? "—"
                }
                rows.append([
                    quarter.description, aggregate.map { formatter.integer($0.n) } ?? "0", cell(aggregate) { $0.p25 },
                    cell(aggregate) { $0.median }, cell(aggregate) { $0.p75 }, cell(aggregate) { $0.mean }, change,
                ])
            }
            blocks.append(.subheading(title(metric)))
            blocks.append(
                .distribution(
                    DistributionChart(
                        id: "dist-" + metric.split(separator: ".").joined(separator: "-"),
                        title: "\(title(metric)) across members, \(quarters.first!) to \(quarter)",
                        summary:
                            "Box plots of \(title(metric)) per quarter: 25th percentile, median and 75th percentile of the members with a value, and the mean. Withheld quarters are marked with a star.",
                        boxes: boxes, categories: quarters.map(\.description), ticks: ticks,
                        table: ReportTable(
                            caption: "\(title(metric)) by quarter and the movement of its median",
                            columns: [
                                .init("Quarter"), .init("n", numeric: true), .init("25th percentile", numeric: true),
                                .init("Median", numeric: true), .init("75th percentile", numeric: true),
                                .init("Mean", numeric: true), .init("Median vs previous quarter", numeric: true),
                            ],
                            rows: rows))))
        }
        return ReportSection(id: "distributions", title: "Distributions and their movement", blocks: blocks)
    }

    func axis(_ value: Double, _ metric: String) -> String {
        switch unit(metric) {
        case .money: return formatter.moneyRounded(value)
        case .ratio: return formatter.percent(value, digits: 0)
        default: return formatter.number(value, digits: 1)
        }
    }

    func breakdownSection() -> ReportSection {
        var blocks: [ReportBlock] = [
            .paragraph(
                "Medians by group in \(quarter). Members counts the group's members that reported; a statistic of fewer than \(k) members, or one that would reveal a member, is withheld."
            )
        ]
        let metrics = Self.breakdownMetrics.filter { descriptors[$0] != nil }
        for dimension in PortfolioGroup.Dimension.allCases {
            let groups = Set(
                document.aggregates.filter { $0.group.dimension == dimension && $0.quarter == quarter }.map(\.group)
            ).sorted()
            guard !groups.isEmpty else { continue }
            let rows = groups.map { group -> [String] in
                let members = metrics.compactMap { portfolio.aggregate($0, quarter, group)?.members }.first ?? 0
                return [group.value!.rawValue, formatter.integer(members)]
                    + metrics.map { metric in cell(portfolio.aggregate(metric, quarter, group)) { $0.median } }
            }
            blocks.append(
                .table(
                    ReportTable(
                        caption: "By \(Self.dimensionName(dimension))",
                        columns: [
                            .init(Self.dimensionName(dimension).capitalizedFirst), .init("Members", numeric: true),
                        ]
                            + metrics.map { .init("Median \(title($0).lowercasedFirst)", numeric: true) },
                        rows: rows)))
        }
        return ReportSection(id: "breakdowns", title: "Breakdowns", blocks: blocks)
    }

    static func dimensionName(_ dimension: PortfolioGroup.Dimension) -> String {
        switch dimension {
        case .cohort: return "cohort"
        case .region: return "region"
        case .sector: return "sector"
        case .sizeBand: return "size band"
        }
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        // Keep acronyms (QoQ, HHI) and proper names as they are: only lower a capital followed by lower case.
        let second = dropFirst().first
        return second.map { $0.isLowercase } == true ? first.lowercased() + dropFirst() : self
    }

    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
