/// The metrics available to a run, looked up by id. A value, built explicitly from plugins and passed
/// in — never a global — so tests and hosts choose exactly what runs.
public struct MetricRegistry: Sendable {
    /// A registered metric with the name of the plugin that provides it.
    public struct Entry: Sendable {
        public let plugin: String
        public let metric: any Metric
        public var descriptor: MetricDescriptor { metric.descriptor }
    }

    /// Every metric, sorted by id.
    public let entries: [Entry]
    private let index: [String: Int]

    /// Registers the plugins; duplicate metric ids, duplicate plugin names and malformed ids are errors.
    public init(plugins: [MetricPlugin]) throws(RegistryError) {
        var seenPlugins = Set<String>()
        var owners: [String: String] = [:]
        var entries: [Entry] = []
        for plugin in plugins {
            guard seenPlugins.insert(plugin.name).inserted else { throw .duplicatePlugin(plugin.name) }
            for metric in plugin.metrics {
                let id = metric.descriptor.id
                guard MetricDescriptor.isValidID(id) else { throw .invalidMetricID(id: id, plugin: plugin.name) }
                if let owner = owners[id] { throw .duplicateMetric(id: id, plugins: [owner, plugin.name]) }
                owners[id] = plugin.name
                entries.append(Entry(plugin: plugin.name, metric: metric))
            }
        }
        entries.sort { $0.descriptor.id.utf8.lexicographicallyPrecedes($1.descriptor.id.utf8) }
        self.entries = entries
        self.index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.descriptor.id, $0) })
    }

    /// The metric with this id.
    public func entry(_ id: String) -> Entry? {
        index[id].map { entries[$0] }
    }

    /// Every metric id, sorted.
    public var ids: [String] { entries.map(\.descriptor.id) }
}
