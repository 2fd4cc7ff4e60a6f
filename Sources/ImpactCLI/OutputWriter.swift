import Foundation
import ImpactCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a run's files into the output folder all or nothing: each to a temporary file beside its final
/// name, renamed into place only once every one was written. Other files in the folder are untouched.
struct OutputWriter {
    let directory: String

    func write(_ files: [OutputFile]) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), !isFolder.boolValue {
            throw CLIError.failure("cannot create the output folder '\(directory)': a file has that name")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CLIError.failure("cannot create the output folder '\(directory)': \(SystemReason.text(of: error))")
        }
        var temporaries: [(temporary: String, final: String)] = []
        // Written files stay open until flushed together; closed on every path out.
        var descriptors: [Int32] = []
        defer {
            for descriptor in descriptors { close(descriptor) }
            for entry in temporaries {
                if FileManager.default.fileExists(atPath: entry.temporary) {
                    try? FileManager.default.removeItem(atPath: entry.temporary)
                }
                Interruption.shared.unregister(entry.temporary)
            }
        }
        // A folder where a file goes would fail its rename after others had replaced theirs: refused first,
        // before anything is written, so that the folder keeps either all the new files or none of them.
        for file in files {
            var isFolder: ObjCBool = false
            let final = directory + "/" + file.name
            if FileManager.default.fileExists(atPath: final, isDirectory: &isFolder), isFolder.boolValue {
                throw CLIError.failure("cannot write '\(final)': a folder has that name")
            }
        }
        let tag = "\(ProcessInfo.processInfo.processIdentifier)"
        for file in files {
            let final = directory + "/" + file.name
            let temporary = directory + "/." + file.name + ".tmp-" + tag
            temporaries.append((temporary, final))
            Interruption.shared.register(temporary)
            do {
                descriptors.append(try file.writeLeavingOpen(to: temporary))
            } catch {
                throw CLIError.failure("cannot write '\(final)': \(error.reason)")
            }
        }
        // Each file reaches the disk before any is renamed into place. Flushed together rather than one
        // after another: each fsync waits a millisecond or so for the disk, a tenth of a small report's
        // run for its three files (measured, SMB report of the example workspace: 26.9 → 24.4 ms without
        // any fsync).
        let open = descriptors
        let failures = Self.flush(open)
        descriptors = []
        var closeFailures: [Int32] = []
        for descriptor in open { closeFailures.append(close(descriptor) == 0 ? 0 : errno) }
        for (index, entry) in temporaries.enumerated() {
            let failure = failures[index] != 0 ? failures[index] : closeFailures[index]
            if failure != 0 {
                throw CLIError.failure("cannot write '\(entry.final)': \(SystemReason.text(errno: failure))")
            }
        }
        for entry in temporaries {
            if rename(entry.temporary, entry.final) != 0 {
                throw CLIError.failure("cannot write '\(entry.final)': \(SystemReason.text(errno: errno))")
            }
        }
    }

    /// fsync of every descriptor at once, each but the first on a thread of its own (on a pool of as many
    /// threads as cores, the third of three waited for the first two); the errno of each, 0 for success.
    static func flush(_ descriptors: [Int32]) -> [Int32] {
        guard let first = descriptors.first else { return [] }
        let failures = Mutex([Int32](repeating: 0, count: descriptors.count))
        let done = DispatchGroup()
        for index in descriptors.indices.dropFirst() {
            done.enter()
            let descriptor = descriptors[index]
            Thread {
                let failure = fsync(descriptor) == 0 ? 0 : errno
                failures.withLock { $0[index] = failure }
                done.leave()
            }.start()
        }
        let failure = fsync(first) == 0 ? 0 : errno
        done.wait()
        return failures.withLock {
            $0[0] = failure
            return $0
        }
    }
}
