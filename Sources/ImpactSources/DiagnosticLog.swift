import ImpactCore

/// Collects every problem of a load, so that one run reports all of them.
public struct DiagnosticLog: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func error(
        _ source: String, row: Int? = nil, column: String? = nil, value: String? = nil, _ message: String,
        organization: Identifier? = nil
    ) {
        diagnostics.append(
            Diagnostic(
                .error, source: source, row: row, column: column, value: value, message: message,
                organization: organization))
    }

    public mutating func warning(
        _ source: String, row: Int? = nil, column: String? = nil, value: String? = nil, _ message: String,
        organization: Identifier? = nil
    ) {
        diagnostics.append(
            Diagnostic(
                .warning, source: source, row: row, column: column, value: value, message: message,
                organization: organization))
    }

    public mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    /// Errors by source, then row, in the order found within a row.
    public var errors: [Diagnostic] { Self.ordered(diagnostics.filter { $0.severity == .error }) }
    /// Warnings by source, then row.
    public var warnings: [Diagnostic] { Self.ordered(diagnostics.filter { $0.severity == .warning }) }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            if a.element.source != b.element.source {
                return a.element.source.utf8.lexicographicallyPrecedes(b.element.source.utf8)
            }
            let rowA = a.element.row ?? 0
            let rowB = b.element.row ?? 0
            return rowA != rowB ? rowA < rowB : a.offset < b.offset
        }.map(\.element)
    }
}
