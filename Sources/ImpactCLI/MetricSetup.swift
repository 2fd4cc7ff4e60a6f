import BuiltinMetrics
import Foundation
import ImpactCore
import ImpactExternal
import ImpactFormula
import ImpactSources
import ImpactWorkspace
import Synchronization

/// Compiled plugins added by a host executable (`ImpactCommand.start(plugins:)`). A static because
/// swift-argument-parser instantiates commands itself; it is set once, before any command runs.
enum PluginHost {
    static let extra = Mutex<[MetricPlugin]>([])
}

/// The metrics of a run: built-in plugins, compiled plugins of the host, a workspace's out-of-process
/// plugins and its declarative metrics. Set up — processes started and described, formulas checked —
/// before any data is read.
struct MetricSetup {
    let workspace: Workspace
    let externals: [ExternalPlugin]
    let compiled: [MetricPlugin]
    /// The catalogue, made (and so checked) once at the start: made again for each use, it was a sixth of
    /// an SMB report's set-up (profiled).
    private var catalogued: MetricRegistry?

    static func start(_ workspace: Workspace) throws -> MetricSetup {
        var externals: [ExternalPlugin] = []
        do {
            for configuration in workspace.configuration.plugins {
                externals.append(try ExternalPlugin(configuration, workspace: workspace.root))
            }
        } catch {
            for plugin in externals { plugin.shutdown() }
            throw CLIError.failure("\(error)")
        }
        var setup = MetricSetup(
            workspace: workspace, externals: externals, compiled: BuiltinPlugins.all + PluginHost.extra.withLock { $0 })
        do {
            setup.catalogued = try setup.catalogue()
        } catch {
            setup.shutdown()
            throw error
        }
        return setup
    }

    /// Every metric with its descriptor (external ones without values yet), for checking targets and
    /// formulas and for `impact metrics`.
    func catalogue() throws -> MetricRegistry {
        if let catalogued { return catalogued }
        return try registry(externals.map(\.placeholder))
    }

    /// The metrics with the external plugins' values for `quarters` (and the four quarters before them,
    /// so that formulas can look back a year).
    /// `precomputed` holds values computed elsewhere (inside a database) for metrics of the compiled
    /// plugins, which are then looked up instead of computed.
    func registry(
        for dataset: Dataset, quarters: [Quarter],
        precomputed: [String: [PrecomputedMetric.Key: MetricValue]] = [:]
    ) throws -> MetricRegistry {
        // Without external plugins or values computed elsewhere, the registry is the catalogue.
        guard let last = quarters.last, !externals.isEmpty || !precomputed.isEmpty else { return try catalogue() }
        let extended = Quarter.window(endingWith: last, count: quarters.count + 4)
        var computed: [MetricPlugin] = []
        do {
            for plugin in externals { computed.append(try plugin.compute(dataset, quarters: extended)) }
        } catch {
            throw CLIError.failure("\(error)")
        }
        return try registry(computed, precomputed: precomputed)
    }

    private func registry(
        _ external: [MetricPlugin], precomputed: [String: [PrecomputedMetric.Key: MetricValue]] = [:]
    ) throws -> MetricRegistry {
        func looked(_ plugin: MetricPlugin) -> MetricPlugin {
            MetricPlugin(
                name: plugin.name,
                metrics: plugin.metrics.map { metric -> any Metric in
                    guard let values = precomputed[metric.descriptor.id] else { return metric }
                    return PrecomputedMetric(descriptor: metric.descriptor, values: values)
                })
        }
        let own = compiled.map(looked)
        let known = (own + external).flatMap(\.metrics)
        var plugins = own + external
        let definitions = workspace.configuration.metrics
        if !definitions.isEmpty {
            switch DeclarativeMetrics.build(definitions.map(\.definition), known: known) {
            case .success(let plugin): plugins.append(looked(plugin))
            case .failure(let failure):
                throw CLIError.invalidData(
                    failure.errors.map { index, error in
                        Diagnostic(
                            .error, source: "impact.yml", row: definitions[index].line,
                            message: "metric '\(definitions[index].definition.id)': \(error)")
                    })
            }
        }
        do {
            return try MetricRegistry(plugins: plugins)
        } catch {
            throw CLIError.failure("\(error)")
        }
    }

    func shutdown() {
        for plugin in externals { plugin.shutdown() }
    }
}
