import Foundation

/// How to start an out-of-process plugin, from `impact.yml`.
public struct ExternalPluginConfiguration: Sendable, Hashable {
    /// A name for messages until the plugin names itself.
    public var name: String
    /// The program, looked up on PATH when it has no slash.
    public var command: String
    public var arguments: [String]
    /// The working directory, relative to the workspace (default: the workspace).
    public var directory: String?
    public var environment: [String: String]
    /// Seconds to wait for each answer.
    public var timeout: Double

    public init(
        name: String, command: String, arguments: [String] = [], directory: String? = nil,
        environment: [String: String] = [:], timeout: Double = 60
    ) {
        self.name = name
        self.command = command
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
        self.timeout = timeout
    }
}

/// An out-of-process plugin failed: which plugin, which request, what happened, and the end of what it
/// wrote to stderr.
public struct ExternalPluginError: Error, Sendable, Equatable, CustomStringConvertible {
    public let plugin: String
    public let request: String
    public let message: String
    public let stderrTail: String

    public var description: String {
        var text = "plugin '\(plugin)', request '\(request)': \(message)"
        let tail = stderrTail.trimmingCharacters(in: .whitespacesAndNewlines)
        if !tail.isEmpty { text += "; its stderr ended with: \(tail)" }
        return text
    }
}
