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
/// A file is made and written on another thread from the moment it is handed over (`start`), so that a
/// report's results.json is written while its Markdown and HTML are still being built, and each file's
/// flush waits for the disk beside the others' (one after another, the flushes were a tenth of a small
/// report's run; written one after another, results.json waited for the report to be rendered). The last
/// file of a run may be made on the caller's thread instead (`start(_:here:)`), which would otherwise only
/// wait for the others.
///
/// From the main thread (the command line's), the files go to the global dispatch queue, whose threads
/// the metrics' `concurrentPerform` has started: a new thread per file was mostly put on the core of the
/// thread that made it, busy building the report, and began one to nine milliseconds later (traced:
/// `sched_wakeup_new` to its first `sched_switch`, 40 SMB reports). The queue: an SMB report 0.39 to
/// 0.76 ms faster (three runs of 400 paired rounds); threads started ahead of the files and woken for
/// them instead: 0.25 to 0.64 ms slower. From any other thread, which may be one of that queue's own (a
/// task, a test) and would hold it while it waits in `finish`, each file gets a thread of its own, as
/// libdispatch adds a thread to a queue whose threads all wait only after a second.
final class OutputWriter: Sendable {
    let directory: String
    /// The files' names, in the order in which they are renamed into place and reported.
    let names: [String]
    /// Whether the files are made on the global queue's threads rather than each on one of its own.
    let sharedQueue: Bool
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
    ///
    /// `sharedQueue`: whether the files go to the global queue (by default, when made on the main thread;
    /// see above). Only a thread that is not one of the queue's may ask for it.
    init(directory: String, names: [String], sharedQueue: Bool = Thread.isMainThread) throws {
        self.directory = directory
        self.names = names
        self.sharedQueue = sharedQueue
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

    /// Starts making and writing `file`, one of `names`, on another thread (see above); with `here`, makes
    /// and writes it on the calling thread before returning (for the last file of a run, whose caller would
    /// otherwise only wait: 0.24 ms of an SMB report when each file started a thread, measured).
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
        if here {
            write()
        } else if sharedQueue {
            DispatchQueue.global().async(execute: write)
        } else {
            Thread(block: write).start()
        }
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
    /// file): called on every path out, once the files' work is done.
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
