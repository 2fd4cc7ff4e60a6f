import ArgumentParser
import ImpactCore
import ImpactExternal
import ImpactStore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

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
        // Past a file-size limit (`ulimit -f`) a write fails (EFBIG) and is reported, its temporary file
        // removed; by default the signal would end the process mid-file and leave that file behind.
        QuietSignal.install(SIGXFSZ)
        BusErrorReport.install()
        PluginHost.extra.withLock { $0 = plugins }
        StoreHost.extra.withLock { $0 = stores }
        // The common `impact report …` without ArgumentParser's parser (see ReportArguments), run and its
        // errors reported exactly as `main()` does.
        if let report = ReportArguments.job(Array(CommandLine.arguments.dropFirst())) {
            do {
                try report.run()
            } catch {
                exit(withError: error)
            }
            return
        }
        main()
    }
}
