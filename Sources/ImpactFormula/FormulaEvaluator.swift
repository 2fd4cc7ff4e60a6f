import ImpactCore

/// Evaluates a checked formula for one organisation and quarter. Nulls propagate (with their reason);
/// a division by zero is null with reason `zero_base`; an aggregate over no rows is 0 for sum, count and
/// distinct and null for mean and median.
struct FormulaEvaluator {
    let context: MetricContext
    /// The metrics the formula refers to, by id.
    let dependencies: [String: any Metric]

    /// One row of a table, as seen by a `where` condition or an aggregated column.
    enum Row {
        case engagement(Engagement)
        case launch(Launch)
        case financials(QuarterFinancials)
    }

    func evaluate(_ expression: FormulaExpression, row: Row? = nil) -> FormulaValue {
        switch expression {
        case .number(let value, _): return .number(value)
        case .text(let value, _): return .text(value)
        case .boolean(let value, _): return .bool(value)
        case .metric(let id, let offset, _):
            let quarter = context.quarter.adding(offset)
            guard let metric = dependencies[id], context.dataset.reports(context.organization.id, in: quarter) else {
                return .null(.noData)
            }
            return FormulaValue(
                metric.value(
                    in: context.moved(to: quarter)))
        case .organization(let attribute, _):
            let organization = context.organization
            let value: String?
            switch attribute {
            case "org_id": value = organization.id.rawValue
            case "name": value = organization.name
            case "sector": value = organization.sector?.rawValue
            case "region": value = organization.region?.rawValue
            case "size_band": value = organization.sizeBand?.rawValue
            default: value = organization.cohort?.rawValue
            }
            return value.map { .text($0) } ?? .null(.noData)
        case .column(let path, _):
            guard let row else { return .null(.noData) }
            return column(path, of: row)
        case .aggregate(let function, let table, let field, let filter, _):
            return aggregate(function, table: table, field: field, filter: filter)
        case .call(let function, let arguments, _):
            return call(function, arguments, row: row)
        case .unary(let op, let operand, _):
            let value = evaluate(operand, row: row)
            switch (op, value) {
            case (_, .null): return value
            case ("not", .bool(let flag)): return .bool(!flag)
            case ("-", .number(let number)): return .number(-number)
            case ("-", .money(let amount)): return .money(-amount)
            default: return .null(.noData)
            }
        case .binary(let op, let left, let right, _):
            return binary(op, evaluate(left, row: row), evaluate(right, row: row))
        }
    }

    func binary(_ op: String, _ a: FormulaValue, _ b: FormulaValue) -> FormulaValue {
        if case .null = a { return a }
        if case .null = b { return b }
        switch op {
        case "and", "or":
            guard case .bool(let x) = a, case .bool(let y) = b else { return .null(.noData) }
            return .bool(op == "and" ? x && y : x || y)
        case "=", "!=", "<", "<=", ">", ">=":
            guard let order = Self.compare(a, b) else { return .null(.noData) }
            switch op {
            case "=": return .bool(order == 0)
            case "!=": return .bool(order != 0)
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case "+", "-":
            if case .money(let x) = a, case .money(let y) = b { return .money(op == "+" ? x + y : x - y) }
            guard let x = a.double, let y = b.double else { return .null(.noData) }
            return .number(op == "+" ? x + y : x - y)
        case "*":
            switch (a, b) {
            case (.money(let amount), .number(let factor)), (.number(let factor), .money(let amount)):
                guard let exact = FormulaValue.decimal(factor), let product = amount.multiplied(by: exact, roundedTo: 6)
                else {
                    return .null(.noData)
                }
                return .money(product)
            default:
                guard let x = a.double, let y = b.double else { return .null(.noData) }
                return .number(x * y)
            }
        case "/":
            switch (a, b) {
            case (.money(let x), .money(let y)):
                guard let ratio = x.ratio(to: y) else { return .null(.zeroBase) }
                return .number(ratio)
            case (.money(let amount), .number(let divisor)):
                guard divisor != 0 else { return .null(.zeroBase) }
                return FormulaValue.decimal(amount.doubleValue / divisor).map { .money($0) } ?? .null(.noData)
            default:
                guard let x = a.double, let y = b.double else { return .null(.noData) }
                guard y != 0 else { return .null(.zeroBase) }
                return .number(x / y)
            }
        default:
            return .null(.noData)
        }
    }

    /// -1, 0 or 1; nil when the values cannot be compared.
    static func compare(_ a: FormulaValue, _ b: FormulaValue) -> Int? {
        switch (a, b) {
        case (.money(let x), .money(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.text(let x), .text(let y)):
            let (p, q) = (Identifier(x), Identifier(y))
            return p < q ? -1 : p == q ? 0 : 1
        case (.date(let x), .date(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.bool(let x), .bool(let y)): return x == y ? 0 : 1
        default:
            guard let x = a.double, let y = b.double else { return nil }
            return x < y ? -1 : x == y ? 0 : 1
        }
    }

    func call(_ function: String, _ arguments: [FormulaExpression], row: Row?) -> FormulaValue {
        switch function {
        case "if":
            let condition = evaluate(arguments[0], row: row)
            guard case .bool(let flag) = condition else { return condition.isNull ? condition : .null(.noData) }
            return evaluate(arguments[flag ? 1 : 2], row: row)
        case "coalesce":
            var last = FormulaValue.null(.noData)
            for argument in arguments {
                last = evaluate(argument, row: row)
                if !last.isNull { return last }
            }
            return last
        default:
            let values = arguments.map { evaluate($0, row: row) }
            if let null = values.first(where: \.isNull) { return null }
            switch function {
            case "abs":
                if case .money(let amount) = values[0] { return .money(amount < .zero ? -amount : amount) }
                return .number(abs(values[0].double ?? 0))
            default:
                if values.allSatisfy({ if case .money = $0 { true } else { false } }) {
                    let amounts = values.compactMap { if case .money(let amount) = $0 { amount } else { nil } }
                    return .money(function == "min" ? amounts.min()! : amounts.max()!)
                }
                let numbers = values.compactMap(\.double)
                return .number(function == "min" ? numbers.min()! : numbers.max()!)
            }
        }
    }

    func rows(_ table: String) -> [Row] {
        switch table {
        case "engagements": return context.engagementsStarting().map { .engagement($0) }
        case "active_engagements": return context.engagementsActive().map { .engagement($0) }
        case "launches": return context.launches().map { .launch($0) }
        default: return context.financials().map { [.financials($0)] } ?? []
        }
    }

    func column(_ path: [String], of row: Row) -> FormulaValue {
        func text(_ value: String?) -> FormulaValue { value.map { .text($0) } ?? .null(.noData) }
        switch row {
        case .engagement(let engagement):
            if path.count == 2 {
                guard let partner = context.partner(engagement.partner) else { return .null(.noData) }
                switch path[1] {
                case "partner_id": return .text(partner.id.rawValue)
                case "name": return text(partner.name)
                case "actor_type": return .text(partner.actorType.rawValue)
                case "sector": return text(partner.sector?.rawValue)
                default: return text(partner.region?.rawValue)
                }
            }
            switch path[0] {
            case "engagement_id": return text(engagement.id?.rawValue)
            case "partner_id": return .text(engagement.partner.rawValue)
            case "kind": return .text(engagement.kind.rawValue)
            case "started_on": return .date(engagement.startedOn)
            case "ended_on": return engagement.endedOn.map { .date($0) } ?? .null(.noData)
            default: return .money(engagement.value)
            }
        case .launch(let launch):
            switch path[0] {
            case "project_id": return .text(launch.projectID.rawValue)
            case "name": return text(launch.name)
            case "started_on": return .date(launch.startedOn)
            case "launched_on": return launch.launchedOn.map { .date($0) } ?? .null(.noData)
            case "ecosystem_supported": return .bool(launch.ecosystemSupported)
            default: return launch.daysToMarket.map { .number(Double($0)) } ?? .null(.noData)
            }
        case .financials(let figures):
            let amount: ExactDecimal?
            switch path[0] {
            case "revenue": amount = figures.revenue
            case "operating_costs": amount = figures.operatingCosts
            case "ecosystem_revenue": amount = figures.ecosystemRevenue
            default: amount = figures.costSavings
            }
            return amount.map { .money($0) } ?? .null(.noData)
        }
    }

    func aggregate(_ function: String, table: String, field: [String]?, filter: FormulaExpression?) -> FormulaValue {
        let selected = rows(table).filter { row in
            guard let filter else { return true }
            if case .bool(true) = evaluate(filter, row: row) { return true }
            return false
        }
        guard let field else { return .number(Double(selected.count)) }
        let values = selected.map { column(field, of: $0) }
        switch function {
        case "count": return .number(Double(values.filter { !$0.isNull }.count))
        case "distinct":
            var seen = Set<String>()
            for value in values {
                switch value {
                case .text(let text): seen.insert("t" + text)
                case .money(let amount): seen.insert("m" + amount.description)
                case .number(let number): seen.insert("n" + number.description)
                case .date(let date): seen.insert("d" + date.description)
                case .bool(let flag): seen.insert(flag ? "true" : "false")
                case .null: break
                }
            }
            return .number(Double(seen.count))
        default:
            if let null = values.first(where: \.isNull) { return null }
            if function == "sum" {
                if FormulaSchema.columnType(field, table: table) == .money {
                    var total = ExactDecimal.zero
                    for case .money(let amount) in values { total += amount }
                    return .money(total)
                }
                return .number(values.compactMap(\.double).reduce(0, +))
            }
            let numbers = values.compactMap(\.double)
            guard !numbers.isEmpty else { return .null(.noData) }
            if function == "mean" { return .number(numbers.reduce(0, +) / Double(numbers.count)) }
            return .number(Quantile.median(numbers)!)
        }
    }
}
