import ImpactCore
import ImpactResults

extension SMBReportBuilder {
    /// KPI cards for the headline outcomes, each with its change against the previous quarter, a
    /// direction-aware trend and its target status.
    func summarySection() -> ReportSection {
        var blocks: [ReportBlock] = []
        if !reportsNow {
            blocks.append(
                .callout(
                    .warning,
                    "\(organization.name) has no financials for \(quarter), so its figures for the quarter are missing; the trends below show its history."
                ))
        }
        var cards: [KPICard] = []
        cards.append(card("revenue.total", label: "Revenue", change: "revenue.growth_qoq", note: yoyNote()))
        cards.append(card("revenue.ecosystem_share", label: "Ecosystem share of revenue"))
        cards.append(card("cost.savings", label: "Cost savings"))
        cards.append(card("cost.savings_rate", label: "Savings rate"))
        cards.append(
            card(
                "time_to_market.median_days_4q", label: "Time to market (median, 4 quarters)",
                note: launchesNote()))
        cards.append(card("partners.active", label: "Active partners", note: newPartnersNote()))
        cards.append(card("partners.actor_type_diversity", label: "Actor-type diversity"))
        cards.append(card("partners.cross_sector_share", label: "Cross-sector partners"))
        cards.append(concentrationCard())
        blocks.append(.kpis(cards.filter { !$0.label.isEmpty }))
        blocks.append(
            .paragraph(
                "Changes compare \(quarter) with \(quarter.adding(-1)). An arrow up means better for that measure: a shorter time to market and a lower concentration are improvements."
            ))
        return ReportSection(id: "summary", title: "Executive summary", blocks: blocks)
    }

    /// A card for one metric; `change` names a metric that already is the change (e.g. growth).
    func card(_ metric: String, label: String, change changeMetric: String? = nil, note: String? = nil) -> KPICard {
        guard timeline.has(metric) else { return KPICard(label: "", value: "") }
        let unit = timeline.unit(metric)
        let value = timeline.value(metric)
        var card = KPICard(label: label, value: formatter.value(value, unit: unit))
        if let reason = value.nullReason { card.note = NullReasonText.explain(reason, metric: metric) }
        var delta: Double?
        if let changeMetric, let growth = timeline.value(changeMetric).doubleValue {
            card.change = formatter.signedPercent(growth) + " vs \(quarter.adding(-1))"
            delta = growth
        } else if let change = formatter.change(from: timeline.value(metric, quarter.adding(-1)), to: value, unit: unit)
        {
            card.change = change.text + " vs \(quarter.adding(-1))"
            delta = change.delta
        }
        card.trend = Self.trend(delta, direction: timeline.direction(metric))
        if let target = timeline.targets[metric]?[quarter] ?? changeMetric.flatMap({ timeline.targets[$0]?[quarter] }) {
            let targetUnit = timeline.unit(target.metric)
            let shown = formatter.value(
                targetUnit == .money ? .money(target.target) : .number(target.target.doubleValue), unit: targetUnit)
            let status = target.met.map { $0 ? "met" : "missed" } ?? "not measurable"
            let bound = timeline.direction(target.metric) == .lowerIsBetter ? "≤ " : "≥ "
            let which = target.metric == metric ? "" : " (\(timeline.title(target.metric)))"
            card.target = "Target \(bound)\(shown)\(which): \(status)"
            card.targetMet = target.met
        }
        if card.note == nil { card.note = note }
        return card
    }

    func concentrationCard() -> KPICard {
        var card = self.card("partners.value_hhi", label: "Partner concentration (HHI)")
        if let hhi = timeline.value("partners.value_hhi").doubleValue {
            let band = Concentration.Band(hhi: hhi)
            var note = Self.bandText(band)
            if let share = timeline.value("partners.top_partner_share").doubleValue {
                note += "; top partner holds \(formatter.percent(share))"
            }
            card.note = note
        }
        return card
    }

    func yoyNote() -> String? {
        timeline.value("revenue.growth_yoy").doubleValue.map {
            "\(formatter.signedPercent($0)) vs \(quarter.adding(-4))"
        }
    }

    func launchesNote() -> String? {
        timeline.value("time_to_market.launches").doubleValue.map { count in
            "\(formatter.integer(Int(count))) launch\(count == 1 ? "" : "es") this quarter"
        }
    }

    func newPartnersNote() -> String? {
        timeline.value("partners.new").doubleValue.map { count in
            "\(formatter.integer(Int(count))) new this quarter"
        }
    }

    static func trend(_ delta: Double?, direction: MetricDirection) -> KPICard.Trend {
        guard let delta else { return .unknown }
        if delta == 0 || direction == .neutral { return .unchanged }
        return (delta > 0) == (direction == .higherIsBetter) ? .improved : .worsened
    }

    static func bandText(_ band: Concentration.Band) -> String {
        switch band {
        case .unconcentrated: return "unconcentrated"
        case .moderatelyConcentrated: return "moderately concentrated"
        case .highlyConcentrated: return "highly concentrated"
        }
    }
}
