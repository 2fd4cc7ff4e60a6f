import Foundation
import ImpactCore
import ImpactResults
import ImpactSources
import Synchronization

/// An out-of-process plugin speaking the EcosystemImpact plugin protocol (see
/// `Docs/plugin-protocol.md`): one long-lived process for a whole run, a `describe` handshake at set-up,
/// then `compute` requests carrying only the tables and columns it asked for.
public final class ExternalPlugin: Sendable {
    public static let protocolVersion = (major: 1, minor: 0)
    /// Organisations per compute request.
    public static let batchSize = 250

    public let configuration: ExternalPluginConfiguration
    /// The plugin's own name (from `describe`).
    public let name: String
    public let descriptors: [MetricDescriptor]
    /// Canonical table → the columns the plugin asked for.
    public let tables: [String: [String]]
    let process: PluginProcess
    private let requests = Mutex(0)

    /// Starts the process and asks it to describe itself.
    public init(_ configuration: ExternalPluginConfiguration, workspace root: String) throws(ExternalPluginError) {
        self.configuration = configuration
        process = try PluginProcess(configuration, workspace: root)
        let request = JSONValue.object([
            ("type", .string("describe")),
            ("protocol", .string("\(Self.protocolVersion.major).\(Self.protocolVersion.minor)")),
        ])
        let answer = try Self.parse(
            try process.exchange(JSONWriter.compact(request), request: "describe", timeout: configuration.timeout),
            process,
            "describe")
        guard answer["type"]?.string == "describe" else {
            process.stop()
            throw process.failure("describe", "the answer is not of type 'describe'")
        }
        guard let version = answer["protocol"]?.string, let major = Int(version.split(separator: ".").first ?? "")
        else {
            process.stop()
            throw process.failure("describe", "the answer names no protocol version (major.minor)")
        }
        guard major == Self.protocolVersion.major else {
            process.stop()
            throw process.failure(
                "describe",
                "it speaks protocol \(version), and this impact speaks \(Self.protocolVersion.major).\(Self.protocolVersion.minor): the major versions differ"
            )
        }
        let name = answer["plugin"]?.string ?? configuration.name
        process.name.withLock { $0 = name }
        self.name = name
        var descriptors: [MetricDescriptor] = []
        for (index, item) in (answer["metrics"]?.array ?? []).enumerated() {
            guard let id = item["id"]?.string, MetricDescriptor.isValidID(id) else {
                process.stop()
                throw process.failure("describe", "metric \(index + 1) has no id of the form namespace.name")
            }
            guard let unit = item["unit"]?.string.flatMap(MetricUnit.init(rawValue:)) else {
                process.stop()
                throw process.failure(
                    "describe",
                    "metric '\(id)' has no valid unit (\(MetricUnit.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let direction = item["direction"]?.string.flatMap(MetricDirection.init(rawValue:)) ?? .neutral
            var additive = false
            if case .bool(let flag)? = item["additive"] { additive = flag }
            descriptors.append(
                MetricDescriptor(
                    id: id, title: item["title"]?.string ?? id, summary: item["summary"]?.string ?? "", unit: unit,
                    direction: direction, additive: additive, iris: item["iris"]?.string))
        }
        guard !descriptors.isEmpty else {
            process.stop()
            throw process.failure("describe", "the plugin describes no metric")
        }
        self.descriptors = descriptors
        var tables: [String: [String]] = [:]
        if case .object(let requested)? = answer["tables"] {
            for (table, columns) in requested {
                guard let allowed = ExternalTables.columns[table] else {
                    process.stop()
                    throw process.failure("describe", "it asks for table '\(table)', which is not a canonical table")
                }
                let names = (columns.array ?? []).compactMap(\.string)
                if let unknown = names.first(where: { !allowed.contains($0) }) {
                    process.stop()
                    throw process.failure(
                        "describe", "it asks for column '\(unknown)' of '\(table)', which does not exist")
                }
                tables[table] = names.isEmpty ? allowed : names
            }
        }
        self.tables = tables
    }

    static func parse(_ line: String, _ process: PluginProcess, _ request: String) throws(ExternalPluginError)
        -> JSONNode
    {
        do throws(JSONReader.Failure) {
            let node = try JSONReader.parse(line)
            guard case .object = node else { throw JSONReader.Failure(offset: 0, message: "not an object") }
            return node
        } catch {
            process.stop()
            let shown = line.count > 120 ? String(line.prefix(120)) + "…" : line
            throw process.failure(request, "it answered with something that is not a JSON object: '\(shown)'")
        }
    }

    /// Metrics without values, for the catalogue and for checking formulas before data is read.
    public var placeholder: MetricPlugin {
        MetricPlugin(name: name, metrics: descriptors.map { PrecomputedMetric(descriptor: $0, values: [:]) })
    }

    /// Asks the plugin for every organisation's values over `quarters`, in batches of organisations on
    /// the same process, and returns its metrics with those values.
    public func compute(_ dataset: Dataset, quarters: [Quarter]) throws(ExternalPluginError) -> MetricPlugin {
        var values: [String: [PrecomputedMetric.Key: MetricValue]] = [:]
        let units = Dictionary(uniqueKeysWithValues: descriptors.map { ($0.id, $0.unit) })
        let organizations = dataset.organizations
        var start = 0
        while start < organizations.count {
            let batch = Array(organizations[start..<min(start + Self.batchSize, organizations.count)])
            start += Self.batchSize
            let number = requests.withLock { value -> Int in
                value += 1
                return value
            }
            let label = "compute \(number)"
            let request = ExternalTables.request(
                number: number, dataset: dataset, organizations: batch, quarters: quarters, tables: tables)
            let answer = try Self.parse(
                try process.exchange(JSONWriter.compact(request), request: label, timeout: configuration.timeout),
                process, label)
            if let message = answer["error"]?.string {
                process.stop()
                throw process.failure(label, "it reported an error: \(message)")
            }
            guard answer["type"]?.string == "observations", let observations = answer["observations"]?.array else {
                process.stop()
                throw process.failure(label, "the answer is not of type 'observations' with a list of observations")
            }
            let members = Set(batch.map(\.id))
            let inWindow = Set(quarters)
            var seen = Set<String>()
            for item in observations {
                guard let metric = item["metric"]?.string, let org = item["org"]?.string,
                    let quarterText = item["quarter"]?.string, let quarter = Quarter(quarterText)
                else {
                    process.stop()
                    throw process.failure(label, "an observation lacks its metric, org or quarter")
                }
                guard let unit = units[metric] else {
                    process.stop()
                    throw process.failure(label, "it returned metric '\(metric)', which it did not describe")
                }
                guard members.contains(Identifier(org)), inWindow.contains(quarter) else {
                    process.stop()
                    throw process.failure(
                        label, "it returned '\(metric)' for '\(org)' in '\(quarterText)', which was not asked for")
                }
                if let declared = item["unit"]?.string, declared != unit.rawValue {
                    process.stop()
                    throw process.failure(
                        label, "it returned '\(metric)' in unit '\(declared)', but described it in '\(unit.rawValue)'")
                }
                let value: MetricValue
                do throws(ExternalPluginError) {
                    value = try Self.value(
                        item, metric: metric, org: org, quarter: quarterText, unit: unit, label: label, process: process
                    )
                } catch {
                    process.stop()
                    throw error
                }
                seen.insert(metric + "\u{0}" + org + "\u{0}" + quarterText)
                values[metric, default: [:]][PrecomputedMetric.Key(organization: Identifier(org), quarter: quarter)] =
                    value
            }
            for metric in descriptors.map(\.id) {
                for organization in batch {
                    for quarter in quarters
                    where !seen.contains(metric + "\u{0}" + organization.id.rawValue + "\u{0}" + quarter.description) {
                        process.stop()
                        throw process.failure(
                            label, "it returned no value for '\(metric)' of '\(organization.id)' in '\(quarter)'")
                    }
                }
            }
        }
        return MetricPlugin(
            name: name, metrics: descriptors.map { PrecomputedMetric(descriptor: $0, values: values[$0.id] ?? [:]) })
    }

    /// One observation's value: exact decimal text for money, a finite number otherwise, or null with a
    /// reason.
    static func value(
        _ item: JSONNode, metric: String, org: String, quarter: String, unit: MetricUnit, label: String,
        process: PluginProcess? = nil
    ) throws(ExternalPluginError) -> MetricValue {
        func failure(_ message: String) -> ExternalPluginError {
            process?.failure(label, message)
                ?? ExternalPluginError(plugin: "", request: label, message: message, stderrTail: "")
        }
        let place = "'\(metric)' of '\(org)' in '\(quarter)'"
        switch item["value"] {
        case .null?, nil:
            let reason = item["reason"]?.string ?? ""
            guard !reason.isEmpty else { throw failure("it returned null for \(place) without a reason") }
            return .null(NullReason(rawValue: reason))
        case .nonFinite(let word)?:
            throw failure("it returned \(word) for \(place), which is not a finite number")
        case .number(let text)?:
            guard unit != .money else {
                throw failure(
                    "it returned a plain number for \(place), a money metric: money must be a decimal in a string such as \"1234.56\""
                )
            }
            guard let number = Double(text), number.isFinite else {
                throw failure("it returned '\(text)' for \(place), which is not a finite number")
            }
            return .number(number)
        case .string(let text)?:
            guard unit == .money else {
                throw failure(
                    "it returned the text '\(text)' for \(place), whose unit '\(unit.rawValue)' needs a number")
            }
            guard let amount = ExactDecimal(text, maxIntegerDigits: 24) else {
                throw failure("it returned '\(text)' for \(place), which is not an exact decimal amount")
            }
            return .money(amount)
        default:
            throw failure("it returned something that is not a value for \(place)")
        }
    }

    /// Tells the plugin the run is over and ends the process.
    /// Sends `shutdown`, which has no answer, and stops the process (Docs/plugin-protocol.md). Sent as a
    /// request that waits for an answer, every run with an external plugin waited for the plugin's end to
    /// be read as a failed request, then 50 ms for its stderr, then polled for the end: a report of the
    /// example workspace (one external plugin) took 168 ms, 70 ms since (medians of 15, interleaved).
    public func shutdown() {
        process.send(JSONWriter.compact(.object([("type", .string("shutdown"))])))
        process.stop()
    }
}
