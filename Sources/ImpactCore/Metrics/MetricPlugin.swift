/// A named set of metrics, e.g. the built-in `revenue` plugin. The name is recorded with each metric in
/// results (`plugin`).
public struct MetricPlugin: Sendable {
    public let name: String
    public let metrics: [any Metric]

    public init(name: String, metrics: [any Metric]) {
        self.name = name
        self.metrics = metrics
    }
}
