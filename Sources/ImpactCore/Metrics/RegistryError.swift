/// Why a set of plugins cannot be registered together.
public enum RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    case duplicateMetric(id: String, plugins: [String])
    case duplicatePlugin(String)
    case invalidMetricID(id: String, plugin: String)

    public var description: String {
        switch self {
        case .duplicateMetric(let id, let plugins):
            let names = plugins.map { "'\($0)'" }.joined(separator: " and ")
            return "metric id '\(id)' is defined by both \(names)"
        case .duplicatePlugin(let name):
            return "plugin '\(name)' is registered twice"
        case .invalidMetricID(let id, let plugin):
            return
                "plugin '\(plugin)' defines metric id '\(id)', which is not of the form namespace.name in lowercase snake case"
        }
    }
}
