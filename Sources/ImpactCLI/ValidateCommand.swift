import ArgumentParser
import BuiltinMetrics
import Foundation
import ImpactCore
import ImpactResults
import ImpactSources
import ImpactWorkspace

/// `impact validate`: every problem, then what the workspace holds.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a workspace's data and show every problem, the rows per table and the quarters covered.")

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Option(help: "Output format: text or json (json goes to stdout).")
    var format: OutputFormat = .text

    func run() throws {
        try reportingErrors {
            let (workspace, calendar, currency) = try workspaceOptions.choice.open()
            let setup = try MetricSetup.start(workspace)
            defer { setup.shutdown() }
            let registry = try setup.catalogue()
            // The text shows no digests: the files are not hashed for it. Neither output shows the engagements
            // themselves: they are checked, not kept.
            let loaded = workspace.load(
                calendar: calendar, currency: currency, knownMetrics: Set(registry.ids), digests: format == .json,
                engagements: false)
            let errors = loaded.log.errors
            let warnings = loaded.log.warnings
            let coverage = loaded.dataset.map(Self.coverage) ?? []
            switch format {
            case .text:
                for error in errors {
                    StandardError.print("error: \(error)")
                    if let hint = FixHint.hint(for: error) { StandardError.print("  hint: \(hint)") }
                }
                for warning in warnings { StandardError.print("warning: \(warning)") }
                print(Self.summary(workspace.name, loaded, coverage, errors: errors.count, warnings: warnings.count))
            case .json:
                print(
                    JSONWriter.document(Self.json(loaded, coverage, errors: errors, warnings: warnings)), terminator: ""
                )
            }
            ProcessLifetime.keep(loaded)
            if !errors.isEmpty { throw ExitCode(1) }
        }
    }

    struct Coverage {
        let quarter: Quarter
        let reporting: Int
        let organizations: Int
    }

    static func coverage(_ dataset: Dataset) -> [Coverage] {
        let counts = dataset.reportingCounts
        guard let first = counts.keys.min(), let last = counts.keys.max() else { return [] }
        return (first.ordinal...last.ordinal).map { ordinal in
            let quarter = Quarter(ordinal: ordinal)
            return Coverage(
                quarter: quarter, reporting: counts[quarter] ?? 0, organizations: dataset.organizations.count)
        }
    }

    static func summary(_ name: String, _ loaded: Workspace.Loaded, _ coverage: [Coverage], errors: Int, warnings: Int)
        -> String
    {
        var lines = [
            "\(name): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")", "",
        ]
        let width = max(6, loaded.inputs.map(\.source.count).max() ?? 0)
        lines.append("source".padding(toLength: width, withPad: " ", startingAt: 0) + "  table          rows")
        for input in loaded.inputs {
            lines.append(
                input.source.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + input.table.padding(toLength: 13, withPad: " ", startingAt: 0) + String(input.rows).leftPadded(6))
        }
        if !coverage.isEmpty {
            lines.append("")
            lines.append("quarter  organisations reporting")
            // A run of quarters in which nobody reports (years between a mistyped period and the rest)
            // is one line, not hundreds.
            var index = 0
            while index < coverage.count {
                let entry = coverage[index]
                var end = index
                while entry.reporting == 0, end + 1 < coverage.count, coverage[end + 1].reporting == 0 { end += 1 }
                if end - index >= 3 {
                    lines.append(
                        "\(entry.quarter) to \(coverage[end].quarter): nobody reports (\(end - index + 1) quarters)")
                    index = end + 1
                    continue
                }
                lines.append("\(entry.quarter)  \(String(entry.reporting).leftPadded(5)) of \(entry.organizations)")
                index += 1
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ loaded: Workspace.Loaded, _ coverage: [Coverage], errors: [Diagnostic], warnings: [Diagnostic])
        -> JSONValue
    {
        func diagnostic(_ item: Diagnostic) -> JSONValue {
            .object([
                ("source", .string(item.source)), ("row", item.row.map { .int($0) } ?? .null),
                ("column", item.column.map { .string($0) } ?? .null),
                ("value", item.value.map { .string($0) } ?? .null),
                ("message", .string(item.description)),
                ("hint", FixHint.hint(for: item).map { .string($0) } ?? .null),
            ])
        }
        return .object([
            ("valid", .bool(errors.isEmpty)),
            ("errors", .array(errors.map(diagnostic))),
            ("warnings", .array(warnings.map(diagnostic))),
            ("inputs", .array(loaded.inputs.map(ResultsDocument.json))),
            (
                "coverage",
                .array(
                    coverage.map {
                        .object([
                            ("quarter", .string($0.quarter.description)), ("reporting", .int($0.reporting)),
                            ("organizations", .int($0.organizations)),
                        ])
                    })
            ),
        ])
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
