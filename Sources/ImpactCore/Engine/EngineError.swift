/// A metric broke its contract while computing.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A money metric returned a number, or another unit returned money.
    case wrongValueKind(metric: String, plugin: String, organization: Identifier, quarter: Quarter, unit: MetricUnit)
    /// A metric returned NaN or an infinity.
    case notFinite(metric: String, plugin: String, organization: Identifier, quarter: Quarter)
    /// A requested metric id is not registered.
    case unknownMetric(String)

    public var description: String {
        switch self {
        case .wrongValueKind(let metric, let plugin, let organization, let quarter, let unit):
            let expected = unit == .money ? "an exact amount" : "a number"
            return "plugin '\(plugin)': metric '\(metric)' for '\(organization)' in '\(quarter)' "
                + "did not return \(expected) for its unit '\(unit.rawValue)'"
        case .notFinite(let metric, let plugin, let organization, let quarter):
            return "plugin '\(plugin)': metric '\(metric)' for '\(organization)' in '\(quarter)' "
                + "returned a value that is not a finite number"
        case .unknownMetric(let id):
            return "no metric '\(id)' is registered"
        }
    }
}
