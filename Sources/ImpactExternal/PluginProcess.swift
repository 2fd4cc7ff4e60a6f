import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A running plugin process spoken to one JSON line at a time: a line out on its stdin, a line back on
/// its stdout, within a timeout. Its stderr is kept (the last few kilobytes) for error messages.
final class PluginProcess: Sendable {
    private let process: Process
    private let input: FileHandle
    private let lines = Mutex<(queue: [String], closed: Bool, pending: [UInt8])>(([], false, []))
    private let arrived = DispatchSemaphore(value: 0)
    private let stderrTail = Mutex<[UInt8]>([])
    /// Signalled when the process has ended (and again by each waiter, for the next).
    private let ended = DispatchSemaphore(value: 0)
    let name: Mutex<String>

    init(_ configuration: ExternalPluginConfiguration, workspace root: String) throws(ExternalPluginError) {
        QuietSignal.install(SIGPIPE)  // a plugin that exits early fails the write, not impact
        name = Mutex(configuration.name)
        process = Process()
        let command = configuration.command
        if command.contains("/") {
            let path = command.hasPrefix("/") ? command : root + "/" + command
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = configuration.arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [command] + configuration.arguments
        }
        let directory = configuration.directory.map { $0.hasPrefix("/") ? $0 : root + "/" + $0 } ?? root
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in configuration.environment { environment[key] = value }
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        // Set before the process starts, so that an end however early is seen.
        process.terminationHandler = { [ended] process in
            ProcessGroup.untrack(process.processIdentifier)
            ended.signal()
        }
        input = stdin.fileHandleForWriting
        do {
            try process.run()
        } catch {
            throw ExternalPluginError(
                plugin: configuration.name, request: "start",
                message: "cannot start '\(command)': \(error.localizedDescription)",
                stderrTail: "")
        }
        ProcessGroup.track(process)  // ended on Ctrl-C with impact (Interruption)
        let output = stdout.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = output.availableData
                if chunk.isEmpty {
                    lines.withLock { $0.closed = true }
                    arrived.signal()
                    return
                }
                var complete: [String] = []
                lines.withLock { state in
                    state.pending.append(contentsOf: chunk)
                    while let newline = state.pending.firstIndex(of: 0x0A) {
                        complete.append(String(decoding: state.pending[..<newline], as: UTF8.self))
                        state.pending.removeSubrange(...newline)
                    }
                    state.queue.append(contentsOf: complete)
                }
                for _ in complete { arrived.signal() }
            }
        }
        let errors = stderr.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = errors.availableData
                if chunk.isEmpty { return }
                stderrTail.withLock { tail in
                    tail.append(contentsOf: chunk)
                    if tail.count > 4096 { tail.removeFirst(tail.count - 4096) }
                }
            }
        }
    }

    /// The last lines of stderr (at most about 1,000 characters).
    var tail: String {
        let text = String(decoding: stderrTail.withLock { $0 }, as: UTF8.self)
        return String(text.suffix(1000))
    }

    func failure(_ request: String, _ message: String) -> ExternalPluginError {
        // Give stderr a moment to arrive after a crash.
        Thread.sleep(forTimeInterval: 0.05)
        return ExternalPluginError(plugin: name.withLock { $0 }, request: request, message: message, stderrTail: tail)
    }

    /// Sends one line and waits for one line back.
    func exchange(_ line: String, request: String, timeout: Double) throws(ExternalPluginError) -> String {
        do {
            try input.write(contentsOf: Data((line + "\n").utf8))
        } catch {
            _ = arrived.wait(timeout: .now() + 1)
            throw failure(request, "the process does not read its input (it exited\(exitText))")
        }
        while true {
            if let next = lines.withLock({ $0.queue.isEmpty ? nil : $0.queue.removeFirst() }) {
                if next.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                return next
            }
            if lines.withLock({ $0.closed }) {
                process.waitUntilExit()
                throw failure(request, "the process exited\(exitText) without answering")
            }
            if arrived.wait(timeout: .now() + timeout) == .timedOut {
                if lines.withLock({ !$0.queue.isEmpty || $0.closed }) { continue }
                stop()
                throw failure(request, "no answer within \(Self.seconds(timeout)) seconds")
            }
        }
    }

    private var exitText: String {
        guard !process.isRunning else { return "" }
        return process.terminationReason == .uncaughtSignal
            ? " on signal \(process.terminationStatus)" : " with status \(process.terminationStatus)"
    }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }

    /// Sends one line that has no answer (`shutdown`); a process that no longer reads it is not an error.
    func send(_ line: String) {
        try? input.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Ends the process: politely (closing its input), then, if it has not ended within a second, by
    /// signal, with the processes it started (`ProcessGroup`). The polite end is waited for, not polled
    /// for; after the signal, the group is looked at every 10 ms for at most a second.
    func stop() {
        try? input.close()
        guard process.isRunning else { return }
        if ended.wait(timeout: .now() + 1) == .success {
            ended.signal()
        } else {
            ProcessGroup.terminate(process)
        }
    }
}
