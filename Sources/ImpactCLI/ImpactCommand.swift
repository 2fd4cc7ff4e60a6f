import ArgumentParser
import ImpactCore
import ImpactStore
import Synchronization

/// `impact`: ecosystem-impact reports from an SMB's or a portfolio's canonical tables.
public struct ImpactCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "Quarterly ecosystem-impact reports for SMBs and the organisations that support them.",
        version: version,
        subcommands: [
            ReportCommand.self, ValidateCommand.self, MetricsCommand.self, GenerateCommand.self, InitCommand.self,
            IngestCommand.self, HistoryCommand.self,
        ]
    )

    public init() {}

    /// Parses the process's arguments, runs the command and exits with its status. A package that adds
    /// its own compiled metric plugins builds its own executable whose `main.swift` calls
    /// `ImpactCommand.start(plugins: [MyPlugin.plugin])`. `stores` adds store backends beyond SQLite
    /// (the `impact` executable adds PostgreSQL).
    public static func start(plugins: [MetricPlugin] = [], stores: [StoreOpener] = []) {
        PluginHost.extra.withLock { $0 = plugins }
        StoreHost.extra.withLock { $0 = stores }
        main()
    }
}
