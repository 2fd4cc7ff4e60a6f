import ImpactCore
import ImpactResults

extension SMBReportBuilder {
    /// Metrics whose movements make highlights, in the order ties are broken.
    static let highlightMetrics = [
        "revenue.total", "revenue.ecosystem_share", "cost.savings_rate", "time_to_market.median_days_4q",
        "partners.active", "partners.cross_sector_share",
    ]

    /// A few deterministic sentences written from the data: the largest improvements and declines,
    /// streaks, targets met or missed, and risk flags.
    func highlightsSection() -> ReportSection {
        var sentences: [String] = []
        struct Move {
            let metric: String
            let score: Double
            let sentence: String
        }
        var moves: [Move] = []
        for metric in Self.highlightMetrics where timeline.has(metric) {
            let unit = timeline.unit(metric)
            let now = timeline.value(metric)
            let before = timeline.value(metric, quarter.adding(-1))
            guard let change = formatter.change(from: before, to: now, unit: unit), change.delta != 0 else { continue }
            let better = Self.trend(change.delta, direction: timeline.direction(metric)) == .improved
            // Scores make unlike units comparable: relative change for money and counts, points for ratios.
            let score: Double
            switch unit {
            case .money: score = abs(change.delta)
            case .ratio: score = abs(change.delta) * 2
            default:
                let base = max(abs(before.doubleValue ?? 0), 1)
                score = abs(change.delta) / base
            }
            let verb = change.delta > 0 ? "rose by" : "fell by"
            let sentence =
                "\(timeline.title(metric)) \(verb) \(change.text.trimmingSign) to \(formatter.value(now, unit: unit)), \(better ? "better" : "worse") than in \(quarter.adding(-1))."
            moves.append(Move(metric: metric, score: better ? score : -score, sentence: sentence))
        }
        let improvements = moves.filter { $0.score > 0 }.sorted { ($0.score, $1.metric) > ($1.score, $0.metric) }
        let declines = moves.filter { $0.score < 0 }.sorted { ($0.score, $0.metric) < ($1.score, $1.metric) }
        sentences += improvements.prefix(2).map(\.sentence)
        sentences += declines.prefix(2).map(\.sentence)
        if let streak = revenueStreak() { sentences.append(streak) }
        if let funding = fundingSentence() { sentences.append(funding) }
        sentences += targetSentences()
        var blocks: [ReportBlock] = []
        if sentences.isEmpty {
            sentences.append("There is not enough data for \(quarter) and the quarter before it to compare.")
        }
        blocks.append(.bullets(sentences))
        blocks += riskCallouts()
        return ReportSection(id: "highlights", title: "Highlights", blocks: blocks)
    }

    /// "Revenue has grown for N quarters in a row" when N ≥ 3.
    func revenueStreak() -> String? {
        var streak = 0
        var quarterBack = quarter
        while let growth = timeline.value("revenue.growth_qoq", quarterBack).doubleValue, growth > 0,
            timeline.quarters.contains(quarterBack)
        {
            streak += 1
            quarterBack = quarterBack.adding(-1)
        }
        return streak >= 3 ? "Revenue has grown for \(streak) quarters in a row." : nil
    }

    func targetSentences() -> [String] {
        let due = timeline.targets.values.compactMap { $0[quarter] }.sorted { $0.metric < $1.metric }
        guard !due.isEmpty else { return [] }
        let met = due.filter { $0.met == true }
        let missed = due.filter { $0.met == false }
        let unmeasured = due.count - met.count - missed.count
        var summary = "Met \(met.count) of \(due.count) target\(due.count == 1 ? "" : "s") for \(quarter)"
        if unmeasured > 0 { summary += "; \(unmeasured) could not be measured for lack of a value" }
        var sentences = [summary + "."]
        for target in missed {
            let unit = timeline.unit(target.metric)
            let goal = formatter.value(
                unit == .money ? .money(target.target) : .number(target.target.doubleValue), unit: unit)
            let bound = timeline.direction(target.metric) == .lowerIsBetter ? "at most" : "at least"
            sentences.append(
                "Missed: \(timeline.title(target.metric)) was \(formatter.value(target.value, unit: unit)) against a target of \(bound) \(goal)."
            )
        }
        return sentences
    }

    /// Funding is lumpy, so it is mentioned when it arrives rather than compared with the last quarter.
    func fundingSentence() -> String? {
        guard case .money(let raised) = timeline.value("funding.raised"), raised > .zero else { return nil }
        let funders = Int(timeline.value("funding.investors").doubleValue ?? 0)
        return
            "Raised \(formatter.money(raised)) in grants, investments and loans from \(formatter.integer(funders)) funder\(funders == 1 ? "" : "s")."
    }

    /// A risk flag when one partner dominates the quarter's engagement value.
    func riskCallouts() -> [ReportBlock] {
        guard let hhi = timeline.value("partners.value_hhi").doubleValue else { return [] }
        let band = Concentration.Band(hhi: hhi)
        guard band != .unconcentrated, let top = topPartners().first else { return [] }
        let share = formatter.percent(top.share)
        let name = top.partner.name ?? top.partner.id.rawValue
        let kind: ReportBlock.CalloutKind = band == .highlyConcentrated ? .risk : .warning
        return [
            .callout(
                kind,
                "One partner, \(name), holds \(share) of this quarter's engagement value: \(Self.bandText(band)) (HHI \(formatter.number(hhi, digits: 0))). Dependence on a single partner is a risk to autonomy and revenue."
            )
        ]
    }
}

extension String {
    /// Without a leading sign, for sentences that say "rose" or "fell".
    var trimmingSign: String {
        if first == "+" || first == "−" || first == "±" { return String(dropFirst()) }
        return self
    }
}
