import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Progress of a batch on stderr: a bar with done/total, rate and time left on a terminal; a plain line
/// every few seconds otherwise (logs, CI).
final class BatchProgress: Sendable {
    let total: Int
    private let start = Date()
    private let done = Mutex(0)
    /// The reporting thread, while it runs.
    private let reporter = Mutex<Reporter?>(nil)

    /// Signalled by `finish` to wake the reporter from its wait, and by the reporter once it has stopped.
    private final class Reporter: Sendable {
        let stop = DispatchSemaphore(value: 0)
        let stopped = DispatchSemaphore(value: 0)
    }

    private let terminal = isatty(STDERR_FILENO) == 1

    init(total: Int) {
        self.total = total
    }

    func advance() { done.withLock { $0 += 1 } }

    var completed: Int { done.withLock { $0 } }

    /// Reports in the background until `finish()`.
    func start(label: String) {
        let reporter = Reporter()
        self.reporter.withLock { $0 = reporter }
        Thread { [self] in
            var lastLine = Date.distantPast
            repeat {
                if terminal {
                    write("\r\u{1B}[2K" + line(label))
                } else if Date().timeIntervalSince(lastLine) >= 5 {
                    write(line(label) + "\n")
                    lastLine = Date()
                }
            } while reporter.stop.wait(timeout: .now() + (terminal ? 0.2 : 0.25)) == .timedOut
            reporter.stopped.signal()
        }.start()
    }

    /// Stops the reporting (at once: the reporter is woken, not waited out) and writes the last line.
    func finish(label: String) {
        if let reporter = reporter.withLock({ $0.take() }) {
            reporter.stop.signal()
            reporter.stopped.wait()
        }
        write((terminal ? "\r\u{1B}[2K" : "") + line(label) + "\n")
    }

    func line(_ label: String) -> String {
        let count = completed
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        let rate = Double(count) / elapsed
        let left = rate > 0 ? Double(total - count) / rate : 0
        let width = 24
        let filled = total > 0 ? width * count / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        return "\(label) \(terminal ? bar + " " : "")\(count)/\(total)  \(String(format: "%.1f", rate))/s  "
            + "\(count == total ? "done in \(Self.duration(elapsed))" : count == 0 ? "starting" : "about \(Self.duration(left)) left")"
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
