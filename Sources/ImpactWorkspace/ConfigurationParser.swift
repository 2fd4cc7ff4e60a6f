import ImpactCore
import ImpactExternal
import ImpactFormula
import ImpactResults
import ImpactSources
import ImpactStore
import Yams

/// Reads `impact.yml`. Unknown keys are errors (a misspelt key would otherwise be silently ignored);
/// every problem names the line, the key and the value.
public struct ConfigurationParser {
    public let source: String

    public init(source: String = "impact.yml") {
        self.source = source
    }

    /// Never changed after it is made (a Yams class that does not declare itself `Sendable`).
    nonisolated(unsafe) private static let noConstructor = Constructor([:], [:], [:])

    /// The configuration, or the problems found (all of them).
    public func parse(_ text: String) -> Result<WorkspaceConfiguration, ConfigurationError> {
        var log = DiagnosticLog()
        let node: Node?
        do {
            // Every value is read from its text (`string`, `integer`), never from a resolved tag or as a
            // Swift value, so no tag rules and no constructors are needed: the default resolver compiles
            // seven regular expressions through ICU on first use, a twentieth of an SMB report's time; the
            // default constructor's tables and the default encoding (read from the environment, all of it
            // copied into a dictionary) were 0.3 ms more (profiled). The text is UTF-8, as Swift's strings.
            node = try Yams.compose(yaml: text, .basic, Self.noConstructor, .utf8)
        } catch let error as YamlError {
            return .failure(
                ConfigurationError(diagnostics: [
                    Diagnostic(
                        .error, source: source, row: Self.line(of: error),
                        message: "is not valid YAML: \(Self.describe(error))")
                ]))
        } catch {
            return .failure(
                ConfigurationError(diagnostics: [Diagnostic(.error, source: source, message: "is not valid YAML")]))
        }
        var configuration = WorkspaceConfiguration()
        guard let node else { return .success(configuration) }
        guard let root = mapping(node, path: "", log: &log) else {
            return .failure(ConfigurationError(diagnostics: log.errors))
        }
        for (keyNode, value) in root {
            let key = keyNode.string ?? ""
            switch key {
            case "name": configuration.name = string(value, path: key, log: &log)
            case "currency":
                if let code = string(value, path: key, log: &log) {
                    configuration.currency = Currency(code: code)
                    if configuration.currency == nil {
                        error(value, path: key, "is not an ISO 4217 currency code (three letters)", log: &log)
                    }
                }
            case "fiscal_year_start":
                configuration.fiscalYearStart = integer(value, path: key, range: 1...12, log: &log)
            case "locale":
                if let tag = string(value, path: key, log: &log) {
                    if LocaleTag.isWellFormed(tag) && LocaleTag.isKnown(tag) {
                        configuration.locale = tag
                    } else {
                        error(
                            value, path: key, "is not a locale this build knows (such as en-US, de-DE or fr-FR)",
                            log: &log)
                    }
                }
            case "data": parseData(value, into: &configuration.data, log: &log)
            case "report": parseReport(value, into: &configuration.report, log: &log)
            case "metrics": configuration.metrics = parseMetrics(value, log: &log)
            case "plugins": configuration.plugins = parsePlugins(value, log: &log)
            case "sources": configuration.sources = parseSources(value, log: &log)
            case "store":
                if let url = string(value, path: key, log: &log) {
                    do {
                        _ = try StoreLocation(url)
                        configuration.store = url
                    } catch {
                        // The value is not quoted back: it may hold a password.
                        log.error(
                            source, row: value.mark.map { $0.line }, column: key,
                            "is not a store URL (a file path, sqlite:PATH or postgres://user@host:port/database): \(error)"
                        )
                    }
                }
            default:
                error(
                    keyNode, path: key,
                    "is not a known key (name, currency, fiscal_year_start, locale, data, sources, store, report, metrics, plugins)",
                    log: &log)
            }
        }
        return log.hasErrors ? .failure(ConfigurationError(diagnostics: log.errors)) : .success(configuration)
    }

    private func parseData(_ node: Node, into data: inout WorkspaceConfiguration.DataSettings, log: inout DiagnosticLog)
    {
        guard let entries = mapping(node, path: "data", log: &log) else { return }
        for (keyNode, value) in entries {
            let key = keyNode.string ?? ""
            let path = "data." + key
            switch key {
            case "folder": data.folder = string(value, path: path, log: &log)
            case "tables":
                guard let tables = mapping(value, path: path, log: &log) else { continue }
                for (tableNode, settings) in tables {
                    let name = tableNode.string ?? ""
                    let tablePath = path + "." + name
                    guard let table = CanonicalTable(rawValue: name) else {
                        let names = CanonicalTable.allCases.map(\.rawValue).joined(separator: ", ")
                        error(tableNode, path: tablePath, "is not a canonical table (\(names))", log: &log)
                        continue
                    }
                    guard let fields = mapping(settings, path: tablePath, log: &log) else { continue }
                    for (fieldNode, fieldValue) in fields {
                        let field = fieldNode.string ?? ""
                        switch field {
                        case "file": data.files[table] = string(fieldValue, path: tablePath + ".file", log: &log)
                        case "columns":
                            guard let renames = mapping(fieldValue, path: tablePath + ".columns", log: &log) else {
                                continue
                            }
                            var map: [String: String] = [:]
                            let canonical = Set(table.columns.map(\.name))
                            for (from, to) in renames {
                                let columnPath = tablePath + ".columns." + (from.string ?? "")
                                guard let fromName = from.string, let toName = string(to, path: columnPath, log: &log)
                                else { continue }
                                guard canonical.contains(toName.lowercased()) else {
                                    let names = table.columns.map(\.name).joined(separator: ", ")
                                    error(
                                        to, path: columnPath, "is not a column of '\(table.rawValue)' (\(names))",
                                        log: &log)
                                    continue
                                }
                                map[fromName] = toName
                            }
                            data.renames[table] = map
                        default:
                            error(
                                fieldNode, path: tablePath + "." + field, "is not a known key (file, columns)",
                                log: &log)
                        }
                    }
                }
            default: error(keyNode, path: path, "is not a known key (folder, tables)", log: &log)
            }
        }
    }

    private func parseReport(
        _ node: Node, into report: inout WorkspaceConfiguration.ReportDefaults, log: inout DiagnosticLog
    ) {
        guard let entries = mapping(node, path: "report", log: &log) else { return }
        for (keyNode, value) in entries {
            let key = keyNode.string ?? ""
            let path = "report." + key
            switch key {
            case "quarter":
                if let text = string(value, path: path, log: &log) {
                    report.quarter = Quarter(text)
                    if report.quarter == nil {
                        error(value, path: path, "is not a fiscal quarter (YYYY-Qn)", log: &log)
                    }
                }
            case "window": report.window = integer(value, path: path, range: 1...400, log: &log)
            case "formats":
                var formats: [String] = []
                if let items = value.sequence {
                    formats = items.compactMap { string($0, path: path, log: &log) }
                } else if let text = string(value, path: path, log: &log) {
                    formats = text.split(separator: ",").map { String($0).trimmingSpaces }
                }
                let known = WorkspaceConfiguration.ReportDefaults.availableFormats
                if let unknown = formats.first(where: { !known.contains($0.lowercased()) }) {
                    log.error(
                        source, row: value.mark.map { $0.line }, column: path, value: unknown,
                        "is not a report format (\(known.joined(separator: ", ")))")
                } else if formats.isEmpty {
                    error(value, path: path, "names no format (\(known.joined(separator: ", ")))", log: &log)
                } else {
                    report.formats = formats
                }
            case "out": report.out = string(value, path: path, log: &log)
            case "k": report.k = integer(value, path: path, range: 3...1_000_000, log: &log)
            case "generated_at":
                if let text = string(value, path: path, log: &log) {
                    report.generatedAt = Timestamp.parse(text)
                    if report.generatedAt == nil {
                        error(
                            value, path: path,
                            "is not \(Timestamp.accepted)",
                            log: &log)
                    }
                }
            case "title": report.title = string(value, path: path, log: &log)
            case "logo": report.logo = string(value, path: path, log: &log)
            case "templates": report.templates = string(value, path: path, log: &log)
            case "accent":
                guard let text = string(value, path: path, log: &log) else { continue }
                let hex = text.utf8.dropFirst()
                let isHex = hex.allSatisfy {
                    ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102)
                }
                if text.hasPrefix("#") && hex.count == 6 && isHex {
                    report.accent = text.lowercased()
                } else {
                    error(value, path: path, "is not a colour of the form #rrggbb", log: &log)
                }
            default:
                error(
                    keyNode, path: path,
                    "is not a known key (quarter, window, formats, out, k, generated_at, title, logo, accent, templates)",
                    log: &log)
            }
        }
    }

    /// `metrics:` a list of declarative metrics.
    private func parseMetrics(_ node: Node, log: inout DiagnosticLog) -> [(
        definition: DeclarativeMetricDefinition, line: Int?
    )] {
        guard let items = node.sequence else {
            error(node, path: "metrics", "must be a list of metrics", log: &log)
            return []
        }
        var result: [(definition: DeclarativeMetricDefinition, line: Int?)] = []
        for (index, item) in items.enumerated() {
            let path = "metrics[\(index + 1)]"
            guard let fields = mapping(item, path: path, log: &log) else { continue }
            var values: [String: (String, Node)] = [:]
            for (keyNode, value) in fields {
                let key = keyNode.string ?? ""
                guard ["id", "title", "summary", "unit", "direction", "additive", "formula"].contains(key) else {
                    error(
                        keyNode, path: path + "." + key,
                        "is not a known key (id, title, summary, unit, direction, additive, formula)", log: &log)
                    continue
                }
                if let text = string(value, path: path + "." + key, log: &log) { values[key] = (text, value) }
            }
            guard let id = values["id"]?.0, MetricDescriptor.isValidID(id) else {
                error(
                    item, path: path + ".id", "is missing or not of the form namespace.name in lowercase snake case",
                    log: &log)
                continue
            }
            guard let formula = values["formula"] else {
                error(item, path: path + ".formula", "is missing: every declared metric needs a formula", log: &log)
                continue
            }
            let unitText = values["unit"]?.0 ?? "count"
            guard let unit = MetricUnit(rawValue: unitText) else {
                error(
                    values["unit"]!.1, path: path + ".unit",
                    "is not a unit (\(MetricUnit.allCases.map(\.rawValue).joined(separator: ", ")))", log: &log)
                continue
            }
            let directionText = values["direction"]?.0 ?? "neutral"
            guard let direction = MetricDirection(rawValue: directionText) else {
                error(
                    values["direction"]!.1, path: path + ".direction",
                    "is not a direction (higher_is_better, lower_is_better, neutral)", log: &log)
                continue
            }
            var additive = false
            if let (text, node) = values["additive"] {
                guard ["true", "false", "yes", "no"].contains(text.lowercased()) else {
                    error(node, path: path + ".additive", "must be true or false", log: &log)
                    continue
                }
                additive = ["true", "yes"].contains(text.lowercased())
            }
            result.append(
                (
                    DeclarativeMetricDefinition(
                        id: id, title: values["title"]?.0 ?? id,
                        summary: values["summary"]?.0 ?? "Declared in impact.yml: \(formula.0)",
                        unit: unit, direction: direction, additive: additive, formula: formula.0),
                    formula.1.mark.map { $0.line }
                ))
        }
        return result
    }

    /// `sources:` where the data comes from, each with its formats and mapping.
    private func parseSources(_ node: Node, log: inout DiagnosticLog) -> [SourceSettings] {
        guard let items = node.sequence else {
            error(node, path: "sources", "must be a list of sources", log: &log)
            return []
        }
        var result: [SourceSettings] = []
        for (index, item) in items.enumerated() {
            let path = "sources[\(index + 1)]"
            guard let fields = mapping(item, path: path, log: &log) else { continue }
            let typeNode = fields.first { $0.0.string == "type" }?.1
            let kindText = typeNode.flatMap { string($0, path: path + ".type", log: &log) } ?? "csv"
            guard let kind = SourceSettings.Kind(rawValue: kindText.lowercased()) else {
                error(
                    typeNode ?? item, path: path + ".type", "is not a kind of source (csv, json, xlsx, sqlite)",
                    log: &log)
                continue
            }
            var settings = SourceSettings(kind: kind)
            for (keyNode, value) in fields {
                let key = keyNode.string ?? ""
                let keyPath = path + "." + key
                switch key {
                case "type": break
                case "path": settings.path = string(value, path: keyPath, log: &log)
                case "delimiter":
                    let text = string(value, path: keyPath, log: &log) ?? ","
                    let map: [String: UInt8] = [",": 0x2C, ";": 0x3B, "\t": 0x09, "tab": 0x09, "|": 0x7C]
                    if let byte = map[text] {
                        settings.delimiter = byte
                    } else {
                        error(value, path: keyPath, "is not a delimiter (',', ';', tab or '|')", log: &log)
                    }
                case "decimal_mark":
                    if let text = string(value, path: keyPath, log: &log), let mark = text.first, text.count == 1,
                        mark == "." || mark == ","
                    {
                        settings.numberFormat.decimalMark = mark
                    } else {
                        error(value, path: keyPath, "must be '.' or ','", log: &log)
                    }
                case "grouping":
                    if let text = string(value, path: keyPath, log: &log), text.count == 1, let mark = text.first,
                        ".,' \u{a0}".contains(mark)
                    {
                        settings.numberFormat.grouping = mark
                    } else {
                        error(value, path: keyPath, "must be one of '.', ',', a space or an apostrophe", log: &log)
                    }
                case "date_format":
                    if let text = string(value, path: keyPath, log: &log), let format = DateFormat(pattern: text) {
                        settings.dateFormat = format
                    } else {
                        error(value, path: keyPath, "is not a date format such as DD.MM.YYYY or MM/DD/YYYY", log: &log)
                    }
                case "encoding":
                    let text = (string(value, path: keyPath, log: &log) ?? "").lowercased()
                    let aliases: [String: TextEncoding] = [
                        "utf-8": .utf8, "utf8": .utf8, "windows-1252": .windows1252, "cp1252": .windows1252,
                        "latin-1": .latin1, "latin1": .latin1, "iso-8859-1": .latin1,
                    ]
                    if let encoding = aliases[text] {
                        settings.encoding = encoding
                    } else {
                        error(value, path: keyPath, "is not an encoding (utf-8, windows-1252, latin-1)", log: &log)
                    }
                case "header_row":
                    settings.headerRow = integer(value, path: keyPath, range: 1...1_000_000, log: &log) ?? 1
                case "tables": settings.tables = parseTableSettings(value, path: keyPath, log: &log)
                default:
                    error(
                        keyNode, path: keyPath,
                        "is not a known key (type, path, delimiter, decimal_mark, grouping, date_format, encoding, header_row, tables)",
                        log: &log)
                }
            }
            result.append(settings)
        }
        return result
    }

    private func parseTableSettings(_ node: Node, path: String, log: inout DiagnosticLog) -> [CanonicalTable:
        TableSettings]
    {
        var result: [CanonicalTable: TableSettings] = [:]
        for (tableNode, value) in mapping(node, path: path, log: &log) ?? [] {
            let name = tableNode.string ?? ""
            let tablePath = path + "." + name
            guard let table = CanonicalTable(rawValue: name) else {
                error(
                    tableNode, path: tablePath,
                    "is not a canonical table (\(CanonicalTable.allCases.map(\.rawValue).joined(separator: ", ")))",
                    log: &log)
                continue
            }
            let columns = Set(table.columns.map(\.name))
            var settings = TableSettings()
            for (keyNode, field) in mapping(value, path: tablePath, log: &log) ?? [] {
                let key = keyNode.string ?? ""
                let keyPath = tablePath + "." + key
                switch key {
                case "file", "sheet", "table": settings.name = string(field, path: keyPath, log: &log)
                case "query": settings.query = string(field, path: keyPath, log: &log)
                case "currency": settings.currency = string(field, path: keyPath, log: &log)
                case "columns":
                    for (from, to) in mapping(field, path: keyPath, log: &log) ?? [] {
                        guard let source = from.string, let target = string(to, path: keyPath, log: &log) else {
                            continue
                        }
                        guard columns.contains(target.lowercased()) else {
                            error(to, path: keyPath + "." + source, "is not a column of '\(name)'", log: &log)
                            continue
                        }
                        settings.renames[source] = target.lowercased()
                    }
                case "constants":
                    for (column, constant) in mapping(field, path: keyPath, log: &log) ?? [] {
                        guard let name = column.string, columns.contains(name) else {
                            error(column, path: keyPath, "is not a column of '\(table.rawValue)'", log: &log)
                            continue
                        }
                        settings.constants[name] = string(constant, path: keyPath + "." + name, log: &log) ?? ""
                    }
                case "values":
                    for (column, map) in mapping(field, path: keyPath, log: &log) ?? [] {
                        guard let name = column.string, columns.contains(name) else {
                            error(column, path: keyPath, "is not a column of '\(table.rawValue)'", log: &log)
                            continue
                        }
                        // A column of listed values (kind, actor type, size band) takes only those: a value
                        // mapped onto another would fail at every row that has it.
                        var listed: [String]?
                        if case .enumeration(let allowed) = table.columns.first(where: { $0.name == name })?.type {
                            listed = allowed
                        }
                        var values: [String: String] = [:]
                        for (from, to) in mapping(map, path: keyPath + "." + name, log: &log) ?? [] {
                            if let source = from.string, let target = string(to, path: keyPath + "." + name, log: &log)
                            {
                                if let listed, !listed.contains(target.lowercased()) {
                                    error(
                                        to, path: keyPath + "." + name + "." + source,
                                        "is not one of \(listed.joined(separator: ", "))", log: &log)
                                    continue
                                }
                                values[source] = target
                            }
                        }
                        settings.valueMaps[name] = values
                    }
                default:
                    error(
                        keyNode, path: keyPath,
                        "is not a known key (file, sheet, table, query, columns, constants, values, currency)",
                        log: &log)
                }
            }
            result[table] = settings
        }
        return result
    }

    /// `plugins:` a list of out-of-process plugins.
    private func parsePlugins(_ node: Node, log: inout DiagnosticLog) -> [ExternalPluginConfiguration] {
        guard let items = node.sequence else {
            error(node, path: "plugins", "must be a list of plugins", log: &log)
            return []
        }
        var result: [ExternalPluginConfiguration] = []
        for (index, item) in items.enumerated() {
            let path = "plugins[\(index + 1)]"
            guard let fields = mapping(item, path: path, log: &log) else { continue }
            var configuration = ExternalPluginConfiguration(name: "plugin \(index + 1)", command: "")
            for (keyNode, value) in fields {
                let key = keyNode.string ?? ""
                let keyPath = path + "." + key
                switch key {
                case "name": configuration.name = string(value, path: keyPath, log: &log) ?? configuration.name
                case "command": configuration.command = string(value, path: keyPath, log: &log) ?? ""
                case "arguments":
                    configuration.arguments = (value.sequence ?? []).compactMap { string($0, path: keyPath, log: &log) }
                case "directory": configuration.directory = string(value, path: keyPath, log: &log)
                case "environment":
                    for (name, setting) in mapping(value, path: keyPath, log: &log) ?? [] {
                        if let key = name.string, let text = string(setting, path: keyPath, log: &log) {
                            configuration.environment[key] = text
                        }
                    }
                case "timeout":
                    if let text = string(value, path: keyPath, log: &log) {
                        if let seconds = Double(text), seconds > 0, seconds <= 86_400 {
                            configuration.timeout = seconds
                        } else {
                            error(value, path: keyPath, "must be a number of seconds above 0", log: &log)
                        }
                    }
                default:
                    error(
                        keyNode, path: keyPath,
                        "is not a known key (name, command, arguments, directory, environment, timeout)", log: &log)
                }
            }
            if configuration.command.isEmpty {
                error(item, path: path + ".command", "is missing: the program to start", log: &log)
            } else {
                result.append(configuration)
            }
        }
        return result
    }

    private func mapping(_ node: Node, path: String, log: inout DiagnosticLog) -> [(Node, Node)]? {
        guard let mapping = node.mapping else {
            error(node, path: path, "must be a mapping of keys to values", log: &log)
            return nil
        }
        return mapping.map { ($0.key, $0.value) }
    }

    private func string(_ node: Node, path: String, log: inout DiagnosticLog) -> String? {
        guard let scalar = node.scalar else {
            error(node, path: path, "must be a single value", log: &log)
            return nil
        }
        return scalar.string
    }

    private func integer(_ node: Node, path: String, range: ClosedRange<Int>, log: inout DiagnosticLog) -> Int? {
        guard let text = string(node, path: path, log: &log) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error(node, path: path, "must be a whole number from \(range.lowerBound) to \(range.upperBound)", log: &log)
            return nil
        }
        return value
    }

    private func error(_ node: Node, path: String, _ message: String, log: inout DiagnosticLog) {
        let value = node.scalar?.string
        log.error(source, row: node.mark.map { $0.line }, column: path, value: value, message)
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "syntax error"
        }
    }
}

/// `impact.yml` could not be read; every problem found.
public struct ConfigurationError: Error, Sendable {
    public let diagnostics: [Diagnostic]
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
