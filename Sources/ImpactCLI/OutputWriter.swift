import Dispatch
import Foundation
import ImpactCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a run's files into the output folder all or nothing: each to a temporary file beside its final
/// name, renamed into place only once every one was written and flushed to the disk. Other files in the
/// folder are untouched.
///
/// A file is made and written on a thread of its own from the moment it is handed over (`start`), so
/// that a report's results.json is written while its Markdown and HTML are still being built, and each
/// file's flush waits for the disk beside the others' (one after another, the flushes were a tenth of a
/// small report's run; written one after another, results.json waited for the report to be rendered).
/// The last file of a run may be made on the caller's thread instead (`start(_:here:)`), which would
/// otherwise only wait for the others.
final class OutputWriter: Sendable {
    let directory: String
    /// The files' names, in the order in which they are renamed into place and reported.
    let names: [String]
    private let state: Mutex<State>
    private let running = DispatchGroup()

    private struct State {
        /// Per name: whether the file was started, and why it could not be written (nil: written and
        /// flushed, or not finished yet).
        var started: [Bool]
        var failures: [String?]
        var ended = false
    }

    /// Creates the folder if missing. A folder where one of `names` goes would fail its rename after
    /// others had replaced theirs: refused here, before anything is written, so that the folder keeps
    /// either all the new files or none of them.
    init(directory: String, names: [String]) throws {
        self.directory = directory
        self.names = names
        state = Mutex(State(started: names.map { _ in false }, failures: names.map { _ in nil }))
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), !isFolder.boolValue {
            throw CLIError.failure("cannot create the output folder '\(directory)': a file has that name")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CLIError.failure("cannot create the output folder '\(directory)': \(SystemReason.text(of: error))")
        }
        for name in names {
            var isFolder: ObjCBool = false
            let final = directory + "/" + name
            if FileManager.default.fileExists(atPath: final, isDirectory: &isFolder), isFolder.boolValue {
                throw CLIError.failure("cannot write '\(final)': a folder has that name")
            }
        }
    }

    private static let tag = "\(ProcessInfo.processInfo.processIdentifier)"

    private func temporary(_ name: String) -> String { directory + "/." + name + ".tmp-" + Self.tag }

    /// Starts making and writing `file`, one of `names`, on a thread of its own; with `here`, makes and
    /// writes it on the calling thread before returning (for the last file of a run, whose caller would
    /// otherwise only wait: a thread fewer to start, 0.24 ms of an SMB report, measured).
    func start(_ file: OutputFile, here: Bool = false) {
        guard let index = names.firstIndex(of: file.name) else {
            preconditionFailure("'\(file.name)' is not one of the files this writer was made for")
        }
        state.withLock {
            precondition(!$0.started[index] && !$0.ended, "'\(file.name)' started twice or after the end")
            $0.started[index] = true
        }
        let temporary = self.temporary(file.name)
        Interruption.shared.register(temporary)
        running.enter()
        let write: @Sendable () -> Void = { [self] in
            let failure = Self.writeAndFlush(file, to: temporary)
            state.withLock { $0.failures[index] = failure }
            running.leave()
        }
        if here { write() } else { Thread(block: write).start() }
    }

    /// The file written to `path` and flushed to the disk; the system's reason when it could not be.
    static func writeAndFlush(_ file: OutputFile, to path: String) -> String? {
        let descriptor: Int32
        do {
            descriptor = try file.writeLeavingOpen(to: path)
        } catch {
            return error.reason
        }
        let failure = fsync(descriptor) == 0 ? 0 : errno
        let closeFailure = close(descriptor) == 0 ? 0 : errno
        let code = failure != 0 ? failure : closeFailure
        return code == 0 ? nil : SystemReason.text(errno: code)
    }

    /// Waits for every file, then renames them into place in the order of `names`; on the first failure
    /// (in that order) nothing is renamed and the temporary files are removed.
    func finish() throws {
        running.wait()
        let (started, failures) = state.withLock { state in
            state.ended = true
            return (state.started, state.failures)
        }
        precondition(!started.contains(false), "every file of the run is started before it is finished")
        for (name, failure) in zip(names, failures) {
            if let failure { throw CLIError.failure("cannot write '\(directory + "/" + name)': \(failure)") }
        }
        for name in names {
            let final = directory + "/" + name
            if rename(temporary(name), final) != 0 {
                throw CLIError.failure("cannot write '\(final)': \(SystemReason.text(errno: errno))")
            }
            Interruption.shared.unregister(temporary(name))
        }
    }

    /// Removes the temporary files left when the run did not finish (an error on the way, or a failed
    /// file): called on every path out, after the files' threads are done.
    func abandon() {
        running.wait()
        let started = state.withLock { state in
            state.ended = true
            return state.started
        }
        for (name, started) in zip(names, started) where started {
            // unlink(2), which leaves a folder that was in the way (not this run's) where it is.
            let temporary = self.temporary(name)
            unlink(temporary)
            Interruption.shared.unregister(temporary)
        }
    }
}
