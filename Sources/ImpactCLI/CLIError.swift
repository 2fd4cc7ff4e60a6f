import ArgumentParser
import Foundation
import ImpactCore

/// A failure the CLI reports on stderr, with its exit status: 1 the data is invalid, 2 any other failure.
struct CLIError: Error, Equatable, CustomStringConvertible {
    let messages: [String]
    let status: Int32

    static func invalidData(_ diagnostics: [Diagnostic]) -> CLIError {
        CLIError(messages: diagnostics.map { "error: \($0)" }, status: 1)
    }

    static func failure(_ message: String) -> CLIError {
        CLIError(messages: ["error: " + message], status: 2)
    }

    /// A usage problem found only after reading the workspace (exit status 64).
    static func usage(_ message: String) -> CLIError {
        CLIError(messages: ["error: " + message], status: 64)
    }

    var description: String { messages.joined(separator: "\n") }
}

/// Prints to standard error.
enum StandardError {
    /// Writes `line` and a line break with `write(2)`, whole (a failure, e.g. a closed stderr, is ignored
    /// as there is nowhere left to report it). Not through `FileHandle` and `Data`: their first use in a
    /// process cost an SMB report a quarter of a millisecond of runtime lookups (profiled).
    static func print(_ line: String) {
        var text = line + "\n"
        _ = text.withUTF8 { DescriptorWrite.all(UnsafeRawBufferPointer($0), to: 2) }
    }
}

/// Runs `body`, turning a `CLIError` into its messages on stderr and its exit status.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CLIError {
        for message in error.messages { StandardError.print(message) }
        throw ExitCode(error.status)
    }
}
