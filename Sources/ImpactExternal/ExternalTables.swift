import ImpactCore
import ImpactResults

/// The canonical tables as a compute request carries them: only the tables and columns the plugin asked
/// for, only the rows of the organisations in the batch, amounts in the base currency (money as exact
/// decimal strings) and financials already summed into fiscal quarters.
enum ExternalTables {
    static let columns: [String: [String]] = [
        "organizations": ["org_id", "name", "sector", "region", "size_band", "cohort"],
        "financials": ["org_id", "quarter", "revenue", "operating_costs", "ecosystem_revenue", "cost_savings"],
        "partners": ["partner_id", "name", "actor_type", "sector", "region"],
        "engagements": ["engagement_id", "org_id", "partner_id", "kind", "started_on", "ended_on", "value"],
        "launches": ["project_id", "org_id", "name", "started_on", "launched_on", "ecosystem_supported"],
        "targets": ["org_id", "metric", "quarter", "target"],
    ]

    static func request(
        number: Int, dataset: Dataset, organizations: [Organization], quarters: [Quarter], tables: [String: [String]]
    ) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        func money(_ value: ExactDecimal?) -> JSONValue { value.map { .string($0.description) } ?? .null }
        func row(_ columns: [String], _ values: [String: JSONValue]) -> JSONValue {
            .object(columns.map { ($0, values[$0] ?? .null) })
        }
        var payload: [(String, JSONValue)] = []
        for table in tables.keys.sorted() {
            let wanted = tables[table]!
            var rows: [JSONValue] = []
            switch table {
            case "organizations":
                for o in organizations {
                    rows.append(
                        row(
                            wanted,
                            [
                                "org_id": .string(o.id.rawValue), "name": .string(o.name),
                                "sector": text(o.sector?.rawValue),
                                "region": text(o.region?.rawValue), "size_band": text(o.sizeBand?.rawValue),
                                "cohort": text(o.cohort?.rawValue),
                            ]))
                }
            case "financials":
                for o in organizations {
                    for quarter in dataset.reportedQuarters(of: o.id) {
                        let f = dataset.financials(of: o.id, in: quarter)!
                        rows.append(
                            row(
                                wanted,
                                [
                                    "org_id": .string(o.id.rawValue), "quarter": .string(quarter.description),
                                    "revenue": money(f.revenue), "operating_costs": money(f.operatingCosts),
                                    "ecosystem_revenue": money(f.ecosystemRevenue),
                                    "cost_savings": money(f.costSavings),
                                ]))
                    }
                }
            case "partners":
                var ids = Set<Identifier>()
                for o in organizations { for e in dataset.engagements(of: o.id) { ids.insert(e.partner) } }
                for p in ids.sorted().compactMap(dataset.partner) {
                    rows.append(
                        row(
                            wanted,
                            [
                                "partner_id": .string(p.id.rawValue), "name": text(p.name),
                                "actor_type": .string(p.actorType.rawValue),
                                "sector": text(p.sector?.rawValue), "region": text(p.region?.rawValue),
                            ]))
                }
            case "engagements":
                for o in organizations {
                    for e in dataset.engagements(of: o.id) {
                        rows.append(
                            row(
                                wanted,
                                [
                                    "engagement_id": text(e.id?.rawValue), "org_id": .string(o.id.rawValue),
                                    "partner_id": .string(e.partner.rawValue), "kind": .string(e.kind.rawValue),
                                    "started_on": .string(e.startedOn.description),
                                    "ended_on": text(e.endedOn?.description),
                                    "value": money(e.value),
                                ]))
                    }
                }
            case "launches":
                for o in organizations {
                    for l in dataset.launches(of: o.id) {
                        rows.append(
                            row(
                                wanted,
                                [
                                    "project_id": .string(l.projectID.rawValue), "org_id": .string(o.id.rawValue),
                                    "name": text(l.name),
                                    "started_on": .string(l.startedOn.description),
                                    "launched_on": text(l.launchedOn?.description),
                                    "ecosystem_supported": .bool(l.ecosystemSupported),
                                ]))
                    }
                }
            default:
                let members = Set(organizations.map(\.id))
                for t in dataset.targets where t.organization.map(members.contains) ?? true {
                    rows.append(
                        row(
                            wanted,
                            [
                                "org_id": text(t.organization?.rawValue), "metric": .string(t.metric),
                                "quarter": .string(t.quarter.description), "target": .number(t.value.description),
                            ]))
                }
            }
            payload.append((table, .array(rows)))
        }
        return .object([
            ("type", .string("compute")), ("request", .int(number)),
            ("quarters", .array(quarters.map { .string($0.description) })),
            ("fiscal_year_start_month", .int(dataset.calendar.startMonth)),
            ("currency", .string(dataset.currency.code)),
            ("organizations", .array(organizations.map { .string($0.id.rawValue) })), ("tables", .object(payload)),
        ])
    }
}
