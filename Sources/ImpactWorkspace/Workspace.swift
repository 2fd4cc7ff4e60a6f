import Foundation
import ImpactCore
import ImpactSQLite
import ImpactSources

/// A workspace folder: its configuration and its data.
public struct Workspace: Sendable {
    /// The folder, as given.
    public let root: String
    public let configuration: WorkspaceConfiguration

    /// Opens a folder, reading `impact.yml` when present.
    public static func open(_ root: String) throws(WorkspaceError) -> Workspace {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw .notFound(root)
        }
        guard isDirectory.boolValue else { throw .notAFolder(root) }
        let configPath = root + "/impact.yml"
        guard FileManager.default.fileExists(atPath: configPath) else {
            return Workspace(root: root, configuration: WorkspaceConfiguration())
        }
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw .invalidConfiguration([Diagnostic(.error, source: "impact.yml", message: "cannot be read")])
        }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw .invalidConfiguration([Diagnostic(.error, source: "impact.yml", message: "is not valid UTF-8 text")])
        }
        switch ConfigurationParser().parse(text) {
        case .success(let configuration): return Workspace(root: root, configuration: configuration)
        case .failure(let error): throw .invalidConfiguration(error.diagnostics)
        }
    }

    /// The name shown on reports: `name` from impact.yml, else the folder's name.
    public var name: String {
        if let name = configuration.name { return name }
        let url = URL(fileURLWithPath: root).standardizedFileURL
        return url.lastPathComponent.isEmpty ? "workspace" : url.lastPathComponent
    }

    /// What loading the data gave: the dataset (nil when there were errors), the inputs read, and every
    /// problem found.
    public struct Loaded: Sendable {
        public let dataset: Dataset?
        public fileprivate(set) var inputs: [InputFile]
        public let log: DiagnosticLog
    }

    /// Reads and validates every table. For a check whose output shows neither: without `digests` the CSV
    /// files' SHA-256 are not made (their inputs have none), and without `engagements` the dataset holds
    /// none (every engagement is typed and checked all the same, `LoadOptions.keepsEngagements`).
    public func load(
        calendar: FiscalCalendar, currency: Currency, knownMetrics: Set<String>, digests: Bool = true,
        engagements: Bool = true
    ) -> Loaded {
        var log = DiagnosticLog()
        let (tables, inputs, reported) = self.read(log: &log, digests: digests)
        var options = LoadOptions(calendar: calendar, currency: currency, knownMetrics: knownMetrics)
        options.reportedTables = reported
        options.keepsEngagements = engagements
        // Handed over, not copied: the loader releases each raw table once it is typed. The inputs'
        // digests are asked for afterwards: a large file's hasher runs beside the typing.
        var loaded = Self.load(consume tables, inputs: [], log: log, options: options)
        loaded.inputs = inputs.files
        return loaded
    }

    /// Types and validates raw tables (a folder's, or a store's as of a revision), after the problems
    /// already in `log`.
    public static func load(
        _ tables: consuming [CanonicalTable: [RawTable]], inputs: [InputFile], log: DiagnosticLog,
        options: LoadOptions
    ) -> Loaded {
        var log = log
        let dataset = CanonicalLoader(options: options).load(consume tables, log: &log)
        return Loaded(dataset: dataset, inputs: inputs, log: log)
    }

    /// The raw tables of every configured source, mapped but not typed. With `requireTables` false a
    /// missing required table is not a problem (a submission to a store may hold only some tables).
    public func read(log: inout DiagnosticLog, requireTables: Bool = true, digests: Bool = true) -> (
        tables: [CanonicalTable: [RawTable]], inputs: InputList, reported: Set<CanonicalTable>
    ) {
        let sources: [any TableSource] = configuration.effectiveSources.map { settings in
            switch settings.kind {
            case .csv: return CSVFolderSource(root: root, settings: settings, digests: digests)
            case .json: return JSONFolderSource(root: root, settings: settings)
            case .xlsx: return XLSXWorkbookSource(root: root, settings: settings)
            case .sqlite: return SQLiteSource(root: root, settings: settings)
            }
        }
        return SourceSet.read(sources, log: &log, requireTables: requireTables)
    }
}

/// A workspace cannot be opened.
public enum WorkspaceError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case notAFolder(String)
    case invalidConfiguration([Diagnostic])

    public var description: String {
        switch self {
        case .notFound(let path): return "workspace '\(path)' does not exist"
        case .notAFolder(let path): return "workspace '\(path)' is not a folder"
        case .invalidConfiguration(let diagnostics): return diagnostics.map(\.description).joined(separator: "\n")
        }
    }
}
