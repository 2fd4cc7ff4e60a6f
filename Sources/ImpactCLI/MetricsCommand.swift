import ArgumentParser
import BuiltinMetrics
import Foundation
import ImpactCore
import ImpactResults
import ImpactWorkspace
import Synchronization

/// `impact metrics`: the metric catalogue.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "List every metric with its definition, unit and direction.")

    @Argument(
        help: "A workspace whose configured plugins and declared metrics are listed too (default: the current folder).")
    var directory: String = "."

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        try reportingErrors { try list() }
    }

    func list() throws {
        var registry: MetricRegistry
        do {
            registry = try MetricRegistry(plugins: BuiltinPlugins.all + PluginHost.extra.withLock { $0 })
        } catch {
            throw CLIError.failure("\(error)")
        }
        var setup: MetricSetup?
        if FileManager.default.fileExists(atPath: directory + "/impact.yml") {
            setup = try MetricSetup.start(try WorkspaceChoice.workspace(directory))
            registry = try setup!.catalogue()
        }
        defer { setup?.shutdown() }
        switch format {
        case .text:
            for entry in registry.entries {
                let d = entry.descriptor
                var line =
                    "\(d.id)  (\(d.unit.rawValue), \(d.direction.rawValue.replacingOccurrences(of: "_", with: " "))"
                line += d.additive ? ", additive" : ""
                line += d.iris.map { ", IRIS+ \($0)" } ?? ""
                print(line + ")")
                print("    \(d.title): \(d.summary)")
            }
        case .json:
            let metrics: [JSONValue] = registry.entries.map { entry in
                let d = entry.descriptor
                return .object([
                    ("id", .string(d.id)), ("title", .string(d.title)), ("summary", .string(d.summary)),
                    ("unit", .string(d.unit.rawValue)), ("direction", .string(d.direction.rawValue)),
                    ("additive", .bool(d.additive)), ("plugin", .string(entry.plugin)),
                    ("iris", d.iris.map { .string($0) } ?? .null),
                ])
            }
            print(JSONWriter.document(.object([("metrics", .array(metrics))])), terminator: "")
        }
    }
}
