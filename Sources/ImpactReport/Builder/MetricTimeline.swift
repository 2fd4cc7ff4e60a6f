import ImpactCore
import ImpactResults

/// One organisation's values by metric and quarter, read from results.
struct MetricTimeline {
    let quarters: [Quarter]
    private let values: [String: [Quarter: MetricValue]]
    let descriptors: [String: MetricDescriptor]
    let targets: [String: [Quarter: TargetResult]]

    init(results: MetricResults, organization: Identifier) {
        quarters = results.quarters
        var values: [String: [Quarter: MetricValue]] = [:]
        for observation in results.observations where observation.organization == organization {
            values[observation.metric, default: [:]][observation.quarter] = observation.value
        }
        self.values = values
        descriptors = Dictionary(uniqueKeysWithValues: results.metrics.map { ($0.descriptor.id, $0.descriptor) })
        var targets: [String: [Quarter: TargetResult]] = [:]
        for target in results.targets where target.organization == organization {
            targets[target.metric, default: [:]][target.quarter] = target
        }
        self.targets = targets
    }

    var current: Quarter { quarters.last! }
    var previous: Quarter { current.adding(-1) }

    func value(_ metric: String, _ quarter: Quarter? = nil) -> MetricValue {
        values[metric]?[quarter ?? current] ?? .null(.noData)
    }

    func series(_ metric: String) -> [Double?] {
        quarters.map { value(metric, $0).doubleValue }
    }

    func unit(_ metric: String) -> MetricUnit { descriptors[metric]?.unit ?? .count }
    func direction(_ metric: String) -> MetricDirection { descriptors[metric]?.direction ?? .neutral }
    func title(_ metric: String) -> String { descriptors[metric]?.title ?? metric }
    func has(_ metric: String) -> Bool { descriptors[metric] != nil }
}
