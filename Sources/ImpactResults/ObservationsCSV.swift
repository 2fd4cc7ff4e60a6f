import Foundation
import ImpactCore

/// The observations as a CSV a person can open in a spreadsheet: UTF-8 with a byte-order mark (so that
/// Excel reads the accents right), RFC 4180 quoting, one row per metric, organisation and quarter.
///
/// Text cells that start with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with `'`, so a
/// name such as `=HYPERLINK(…)` is shown, never run, as a formula. Value cells are numbers this program
/// wrote (a negative value stays a number).
public enum ObservationsCSV {
    public static func text(_ document: ResultsDocument, names: [Identifier: String]) -> String {
        var out = "\u{FEFF}metric,title,unit,org_id,organization,quarter,value,reason\r\n"
        let titles = Dictionary(
            uniqueKeysWithValues: document.results.metrics.map { ($0.descriptor.id, $0.descriptor) })
        for observation in document.results.observations {
            let descriptor = titles[observation.metric]
            let value: String
            switch observation.value {
            case .money(let amount): value = amount.description
            case .number(let number): value = JSONWriter.compact(.double(number))
            case .null: value = ""
            }
            let cells = [
                text(observation.metric), text(descriptor?.title ?? ""), text(descriptor?.unit.rawValue ?? ""),
                text(observation.organization.rawValue), text(names[observation.organization] ?? ""),
                text(observation.quarter.description), value, text(observation.value.nullReason?.rawValue ?? ""),
            ]
            out += cells.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// A text cell: neutralised against formula injection, then quoted when it needs to be.
    static func text(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { cell = "'" + cell }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
