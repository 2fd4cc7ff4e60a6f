import Foundation
import ImpactCore
import ImpactExternal
import ImpactFormula
import ImpactSources

/// The settings of `impact.yml`. Every field is optional; what is missing falls back to the command
/// line's defaults.
public struct WorkspaceConfiguration: Sendable {
    /// Shown on reports and in results.json; default: the workspace folder's name.
    public var name: String?
    public var currency: Currency?
    public var fiscalYearStart: Int?
    public var locale: String?
    public var data = DataSettings()
    public var report = ReportDefaults()
    /// Metrics declared with formulas, and the line of each formula in impact.yml.
    public var metrics: [(definition: DeclarativeMetricDefinition, line: Int?)] = []
    /// Out-of-process plugins.
    public var plugins: [ExternalPluginConfiguration] = []
    /// Where the data comes from; empty = the `data:` settings (CSV files).
    public var sources: [SourceSettings] = []
    /// The store `report` reads and `ingest` records into, as written (a path, `sqlite:PATH` or
    /// `postgres://user@host:port/database`); checked when parsed.
    public var store: String?

    /// The sources to read: those configured, or one CSV source from the `data:` settings.
    public var effectiveSources: [SourceSettings] {
        guard sources.isEmpty else { return sources }
        var settings = SourceSettings(kind: .csv, path: data.folder)
        for table in CanonicalTable.allCases {
            var tableSettings = TableSettings()
            tableSettings.name = data.files[table]
            tableSettings.renames = data.renames[table] ?? [:]
            if tableSettings != TableSettings() { settings.tables[table] = tableSettings }
        }
        return [settings]
    }

    public init() {}

    /// Where the data is.
    public struct DataSettings: Sendable {
        /// A folder relative to the workspace holding `<table>.csv` files.
        public var folder: String?
        /// Per table: a file relative to the workspace.
        public var files: [CanonicalTable: String] = [:]
        /// Per table: source header → canonical column.
        public var renames: [CanonicalTable: [String: String]] = [:]

        public init() {}
    }

    /// Defaults for `impact report`.
    public struct ReportDefaults: Sendable {
        /// The formats a report can be written in, in the order they are listed.
        public static let availableFormats = ["md", "html", "json", "csv", "pdf"]

        public var quarter: Quarter?
        public var window: Int?
        public var formats: [String]?
        public var out: String?
        public var k: Int?
        /// `report.generated_at`, read (RFC 3339 or a day) where impact.yml is read.
        public var generatedAt: Date?
        /// A title replacing the default.
        public var title: String?
        /// A logo file (PNG, JPEG, GIF, WebP or SVG) relative to the workspace, embedded in HTML.
        public var logo: String?
        /// `#rrggbb` for rules and borders.
        public var accent: String?
        /// A folder relative to the workspace with `report.html.mustache`, `report.md.mustache` or
        /// `report.css` replacing the defaults.
        public var templates: String?

        public init() {}
    }
}
