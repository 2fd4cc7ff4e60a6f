import ArgumentParser
import Foundation
import ImpactCore
import ImpactSources

/// `impact init`: a workspace to fill in.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Create a workspace to fill in: impact.yml with comments, an empty CSV of every table, a narrative folder.")

    @Argument(help: "The folder to create or fill (default: the current folder).")
    var directory: String = "."

    static let configurationText = """
        # impact.yml — the settings of this workspace. Every key is optional.
        # The data is one CSV file per table in data/ (organizations.csv and financials.csv are required).
        # Run `impact validate` to check it and `impact report` to write the reports.

        # The name shown on reports (default: the folder's name).
        name: My workspace

        # Base currency (ISO 4217). Amounts in other currencies need rates in data/fx_rates.csv.
        currency: EUR

        # The month your fiscal year starts in (1 = January). FY2027 with a start in April runs from
        # April 2026 to March 2027, and 2027-Q1 is April–June 2026.
        fiscal_year_start: 1

        # Number and date formatting in reports: en-US, de-DE, fr-FR …
        locale: en-US

        data:
          folder: data
          # Files named differently, or with other headers:
          # tables:
          #   financials:
          #     file: exports/finance.csv
          #     columns: {Umsatz: revenue, Kunde: org_id}

        report:
          window: 8             # quarters shown, ending with the report quarter
          # title: Our ecosystem in numbers
          # logo: logo.svg      # PNG, JPEG, GIF, WebP or SVG, embedded in the HTML
          # accent: "#0b6e4f"   # colour of rules and borders
          # k: 5                # minimum group size for portfolio statistics (at least 3)

        # Metrics of your own, declared with formulas:
        # metrics:
        #   - id: ours.public_grants
        #     title: Grants from government
        #     unit: money
        #     direction: higher_is_better
        #     formula: sum(engagements.value where kind = "grant" and partner.actor_type = "government")

        # Plugins in any language (see Docs/plugin-protocol.md):
        # plugins:
        #   - command: python3
        #     arguments: [plugins/my_plugin.py]

        """

    static let narrativeText = """
        # Your own words

        Put a Markdown file per quarter here, named after the quarter: `2026-Q3.md`. It appears in that
        quarter's report as written (raw HTML and script links are removed). For a workspace with several
        organisations, `narrative/<org_id>/2026-Q3.md` is one organisation's and `narrative/2026-Q3.md` the
        portfolio report's.

        """

    func run() throws {
        try reportingErrors {
            var files: [(String, String)] = [
                ("impact.yml", Self.configurationText), ("narrative/README.md", Self.narrativeText),
            ]
            for table in CanonicalTable.allCases {
                files.append(("data/" + table.fileName, table.columns.map(\.name).joined(separator: ",") + "\n"))
            }
            let existing = (files.map(\.0) + ["templates/workbook.xlsx"]).filter {
                FileManager.default.fileExists(atPath: directory + "/" + $0)
            }
            guard existing.isEmpty else {
                throw CLIError.failure(
                    "'\(directory)' already has \(existing.map { "'\($0)'" }.joined(separator: ", ")); nothing was written"
                )
            }
            // All or nothing: after a failure the files and folders made so far are removed, so that the
            // folder is as it was and the command can simply be run again.
            var made: [String] = []
            func make(_ path: String, _ write: () throws -> Void) throws {
                var missing: [String] = []
                var folder = (path as NSString).deletingLastPathComponent
                while !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
                    missing.append(folder)
                    folder = (folder as NSString).deletingLastPathComponent
                }
                do {
                    for folder in missing.reversed() {
                        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
                        made.append(folder)
                    }
                    try write()
                    made.append(path)
                } catch {
                    for made in made.reversed() { try? FileManager.default.removeItem(atPath: made) }
                    throw CLIError.failure("cannot write '\(path)': \(SystemReason.text(of: error))")
                }
            }
            for (name, text) in files {
                let path = directory + "/" + name
                try make(path) { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) }
            }
            let workbook = directory + "/templates/workbook.xlsx"
            try make(workbook) { try XLSXTemplateWriter.write(to: URL(fileURLWithPath: workbook)) }
            StandardError.print(
                "created a workspace in \(directory): impact.yml, data/ with an empty CSV of every table, templates/workbook.xlsx with a sheet per table (to use with a sources: entry of type xlsx), narrative/. Fill in data/organizations.csv and data/financials.csv, then run 'impact validate \(directory)'."
            )
        }
    }
}
