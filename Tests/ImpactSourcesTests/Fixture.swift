import BuiltinMetrics
import Foundation
import ImpactCore
import ImpactSources

/// A small valid workspace written to a fresh temporary folder, which a test edits before loading.
struct Fixture {
    static let base: [String: String] = [
        "organizations.csv": """
        org_id,name,sector,region,size_band,cohort
        acme,Acme,C,North,small,2025-spring
        bolt,Bolt,J,South,micro,

        """,
        "financials.csv": """
        org_id,period,revenue,operating_costs,ecosystem_revenue,cost_savings,currency
        acme,2026-Q1,100,80,10,5,
        acme,2026-Q2,110,82,12,6,
        bolt,2026-01,10,8,1,1,
        bolt,2026-02,10,8,1,1,
        bolt,2026-03,10.5,8,1,1,

        """,
        "partners.csv": """
        partner_id,name,actor_type,sector,region
        uni,University,research,P,North

        """,
        "engagements.csv": """
        engagement_id,org_id,partner_id,kind,started_on,ended_on,value,currency
        e1,acme,uni,joint_project,2026-01-10,,1000,

        """,
        "launches.csv": """
        project_id,org_id,name,started_on,launched_on,ecosystem_supported
        p1,acme,Widget,2025-10-01,2026-02-01,yes

        """,
        "targets.csv": """
        org_id,metric,period,target
        ,revenue.growth_qoq,2026-Q2,0.05

        """,
        "fx_rates.csv": """
        currency,period,rate
        USD,2026-Q1,0.9

        """,
    ]

    var files: [String: [UInt8]]
    var calendar = FiscalCalendar.calendarYear
    var currency = Currency.euro

    init(_ edits: [String: String?] = [:]) {
        files = Self.base.mapValues { Array($0.utf8) }
        for (name, contents) in edits {
            files[name] = contents.map { Array($0.utf8) }
        }
    }

    /// Replaces the text of one line (1-based, header = 1) of a file.
    mutating func replace(_ file: String, line: Int, with text: String) {
        var lines = String(decoding: files[file]!, as: UTF8.self).components(separatedBy: "\n")
        lines[line - 1] = text
        files[file] = Array(lines.joined(separator: "\n").utf8)
    }

    /// Appends a line to a file.
    mutating func append(_ file: String, _ text: String) {
        files[file, default: []].append(contentsOf: Array((text + "\n").utf8))
    }

    /// Writes the files into a new temporary folder (names may include `data/`).
    func write() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("impact-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (name, bytes) in files {
            let path = root + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        return root
    }

    struct Loaded {
        let dataset: Dataset?
        let errors: [String]
        let warnings: [String]
        let inputs: [InputFile]
        /// The fix hint of each error that has one, in the errors' order.
        let hints: [String]
    }

    func load(
        renames: [CanonicalTable: [String: String]] = [:], digests: Bool = true, keepsEngagements: Bool = true,
        prepare: (String) throws -> Void = { _ in }
    ) throws -> Loaded {
        let root = try write()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try prepare(root)
        var log = DiagnosticLog()
        var settings = SourceSettings(kind: .csv)
        for (table, map) in renames {
            var tableSettings = TableSettings()
            tableSettings.renames = map
            settings.tables[table] = tableSettings
        }
        let read = SourceSet.read([CSVFolderSource(root: root, settings: settings, digests: digests)], log: &log)
        var options = LoadOptions(
            calendar: calendar, currency: currency, knownMetrics: Set(BuiltinPlugins.registry().ids))
        options.keepsEngagements = keepsEngagements
        let dataset = CanonicalLoader(options: options).load(read.tables, log: &log)
        return Loaded(
            dataset: dataset, errors: log.errors.map(\.description), warnings: log.warnings.map(\.description),
            inputs: read.inputs.files, hints: log.errors.compactMap(FixHint.hint(for:)))
    }
}
