import ImpactCore

/// A metric declared in `impact.yml` with a formula, for people who do not program. It behaves like any
/// other metric: it is registered, reported, aggregated and documented the same way.
public struct DeclarativeMetric: Metric {
    public let descriptor: MetricDescriptor
    /// The formula as written.
    public let formula: String
    let expression: FormulaExpression
    let dependencies: [String: any Metric]

    public func value(in context: MetricContext) -> MetricValue {
        let result = FormulaEvaluator(context: context, dependencies: dependencies).evaluate(expression)
        switch result {
        case .null(let reason): return .null(reason)
        case .money(let amount):
            return descriptor.unit == .money ? .money(amount) : .number(amount.doubleValue)
        default:
            guard let number = result.double, number.isFinite else { return .null(.noData) }
            if descriptor.unit == .money { return FormulaValue.decimal(number).map { .money($0) } ?? .null(.noData) }
            return .number(number)
        }
    }
}

/// A declarative metric as configured, before it is checked.
public struct DeclarativeMetricDefinition: Sendable {
    public let descriptor: MetricDescriptor
    public let formula: String

    public init(
        id: String, title: String, summary: String, unit: MetricUnit, direction: MetricDirection, additive: Bool,
        formula: String
    ) {
        descriptor = MetricDescriptor(
            id: id, title: title, summary: summary, unit: unit, direction: direction, additive: additive)
        self.formula = formula
    }

    public var id: String { descriptor.id }
    public var unit: MetricUnit { descriptor.unit }
}

/// Checks declarative metrics against the metrics already known and builds them, in dependency order.
public enum DeclarativeMetrics {
    /// The plugin name declarative metrics are reported under.
    public static let pluginName = "workspace"

    /// The checked metrics, or every problem (by definition index) with the column of the formula.
    public static func build(_ definitions: [DeclarativeMetricDefinition], known: [any Metric]) -> Result<
        MetricPlugin, DeclarativeMetricErrors
    > {
        var errors: [(index: Int, error: FormulaError)] = []
        var parsed: [Int: FormulaExpression] = [:]
        var units = Dictionary(
            known.map { ($0.descriptor.id, $0.descriptor.unit) }, uniquingKeysWith: { first, _ in first })
        for definition in definitions { units[definition.id] = definition.unit }
        let checker = FormulaChecker(metricUnits: units)
        for (index, definition) in definitions.enumerated() {
            do throws(FormulaError) {
                var parser = try FormulaParser(definition.formula)
                let expression = try parser.parse()
                let type = try checker.type(of: expression)
                if definition.unit == .money && type != .money {
                    throw FormulaError(.type, column: 1, "the unit is money but the formula gives \(type.rawValue)")
                }
                if definition.unit != .money && type != .number && type != .money {
                    throw FormulaError(
                        .type, column: 1, "a metric needs a number, but the formula gives \(type.rawValue)")
                }
                parsed[index] = expression
            } catch {
                errors.append((index, error))
            }
        }
        guard errors.isEmpty else { return .failure(DeclarativeMetricErrors(errors: errors)) }

        // Build in dependency order; a cycle among declarative metrics is an error.
        let knownByID = Dictionary(known.map { ($0.descriptor.id, $0) }, uniquingKeysWith: { first, _ in first })
        let indexByID = Dictionary(
            definitions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var built: [Int: DeclarativeMetric] = [:]
        var visiting = Set<Int>()
        func build(_ index: Int) throws(FormulaError) -> DeclarativeMetric {
            if let metric = built[index] { return metric }
            let expression = parsed[index]!
            visiting.insert(index)
            var dependencies: [String: any Metric] = [:]
            for reference in FormulaChecker.references(expression) {
                if let other = indexByID[reference.id] {
                    if visiting.contains(other) {
                        throw FormulaError(
                            .cycle, column: reference.column, "'\(reference.id)' depends on this metric in turn")
                    }
                    dependencies[reference.id] = try build(other)
                } else if let metric = knownByID[reference.id] {
                    dependencies[reference.id] = metric
                }
            }
            visiting.remove(index)
            let definition = definitions[index]
            let metric = DeclarativeMetric(
                descriptor: definition.descriptor, formula: definition.formula, expression: expression,
                dependencies: dependencies)
            built[index] = metric
            return metric
        }
        var metrics: [any Metric] = []
        for index in definitions.indices {
            do throws(FormulaError) {
                metrics.append(try build(index))
            } catch {
                visiting.removeAll()
                errors.append((index, error))
            }
        }
        guard errors.isEmpty else { return .failure(DeclarativeMetricErrors(errors: errors)) }
        return .success(MetricPlugin(name: pluginName, metrics: metrics))
    }
}

/// Every declarative metric that could not be built, by its index in the configuration.
public struct DeclarativeMetricErrors: Error, Sendable {
    public let errors: [(index: Int, error: FormulaError)]
}
