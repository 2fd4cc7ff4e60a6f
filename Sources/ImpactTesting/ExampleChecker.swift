import ImpactCore

/// Runs the worked examples of metric descriptors through the engine and says which did not hold.
///
/// Plugin authors call it from their own tests:
/// ```swift
/// @Test func examplesHold() throws {
///     let registry = try MetricRegistry(plugins: [JobsPlugin.plugin])
///     #expect(ExampleChecker.failures(in: registry) == [])
/// }
/// ```
public enum ExampleChecker {
    /// One message per failing example, naming the metric and the example; empty when all hold.
    /// Numbers are compared within `relativeTolerance`, money exactly.
    public static func failures(in registry: MetricRegistry, relativeTolerance: Double = 1e-9) -> [String] {
        var failures: [String] = []
        let engine = MetricEngine(registry: registry)
        for entry in registry.entries {
            let id = entry.descriptor.id
            if entry.descriptor.examples.isEmpty {
                failures.append("metric '\(id)' has no examples")
            }
            for example in entry.descriptor.examples {
                do {
                    let dataset = try example.dataset()
                    let results = try engine.run(on: dataset, quarters: [example.quarter], metricIDs: [id])
                    guard
                        let observation = results.observations.first(where: { $0.organization == example.organization })
                    else {
                        failures.append(
                            "metric '\(id)', example '\(example.title)': no organisation '\(example.organization)'")
                        continue
                    }
                    if !observation.value.isClose(to: example.expected, relativeTolerance: relativeTolerance) {
                        failures.append(
                            "metric '\(id)', example '\(example.title)': expected \(example.expected), got \(observation.value)"
                        )
                    }
                } catch {
                    failures.append("metric '\(id)', example '\(example.title)': \(error)")
                }
            }
        }
        return failures
    }
}
