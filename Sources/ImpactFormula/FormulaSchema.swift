import ImpactCore

/// The types a formula works with.
public enum FormulaType: String, Sendable, Equatable {
    case number, money, text, bool, date

    var isNumeric: Bool { self == .number || self == .money }
}

/// What formulas can read: the organisation's attributes and the rows of a few canonical tables, each in
/// the quarter being computed.
enum FormulaSchema {
    /// `engagements`: value belongs to the quarter (started in it); `active_engagements`: active in it;
    /// `launches`: launched in it; `financials`: the quarter's figures.
    static let tables: [String: [String: FormulaType]] = [
        "engagements": engagementColumns,
        "active_engagements": engagementColumns,
        "launches": [
            "project_id": .text, "name": .text, "started_on": .date, "launched_on": .date,
            "ecosystem_supported": .bool, "days": .number,
        ],
        "financials": [
            "revenue": .money, "operating_costs": .money, "ecosystem_revenue": .money, "cost_savings": .money,
        ],
    ]

    static let engagementColumns: [String: FormulaType] = [
        "engagement_id": .text, "partner_id": .text, "kind": .text, "started_on": .date, "ended_on": .date,
        "value": .money,
    ]

    static let partnerColumns: [String: FormulaType] = [
        "partner_id": .text, "name": .text, "actor_type": .text, "sector": .text, "region": .text,
    ]

    static let organizationAttributes: [String: FormulaType] = [
        "org_id": .text, "name": .text, "sector": .text, "region": .text, "size_band": .text, "cohort": .text,
    ]

    /// The values a column of listed values holds, as the loader writes them (lower case), with what one
    /// is called: a formula's text compared with one of these columns must be one of them.
    static func listedValues(_ expression: FormulaExpression, table: String?) -> (name: String, values: [String])? {
        switch expression {
        case .column(let path, _) where table?.hasSuffix("engagements") == true:
            if path == ["kind"] { return ("kind", EngagementKind.allCases.map(\.rawValue)) }
            if path == ["partner", "actor_type"] { return ("actor type", ActorType.allCases.map(\.rawValue)) }
            return nil
        case .organization("size_band", _): return ("size band", SizeBand.allCases.map(\.rawValue))
        default: return nil
        }
    }

    static func columnType(_ path: [String], table: String) -> FormulaType? {
        if path.count == 2 && path[0] == "partner" && (table == "engagements" || table == "active_engagements") {
            return partnerColumns[path[1]]
        }
        return path.count == 1 ? tables[table]?[path[0]] : nil
    }

    static func columnList(_ table: String) -> String {
        var names = (tables[table] ?? [:]).keys.sorted()
        if table.hasSuffix("engagements") { names += partnerColumns.keys.sorted().map { "partner." + $0 } }
        return names.joined(separator: ", ")
    }
}
