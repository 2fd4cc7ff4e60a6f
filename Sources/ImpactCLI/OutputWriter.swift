import Foundation
import ImpactCore

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
        defer {
            for entry in temporaries {
                if FileManager.default.fileExists(atPath: entry.temporary) {
                    try? FileManager.default.removeItem(atPath: entry.temporary)
                }
                Interruption.shared.unregister(entry.temporary)
            }
        }
        let tag = "\(ProcessInfo.processInfo.processIdentifier)"
        for file in files {
            let final = directory + "/" + file.name
            let temporary = directory + "/." + file.name + ".tmp-" + tag
            temporaries.append((temporary, final))
            Interruption.shared.register(temporary)
            do {
                try file.write(to: temporary, durable: true)
            } catch {
                throw CLIError.failure("cannot write '\(final)': \(error.reason)")
            }
        }
        // A folder where a file goes would fail its rename after others had replaced theirs: refused first,
        // so that the folder keeps either all the new files or none of them.
        for entry in temporaries {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: entry.final, isDirectory: &isFolder), isFolder.boolValue {
                throw CLIError.failure("cannot write '\(entry.final)': a folder has that name")
            }
        }
        for entry in temporaries {
            if rename(entry.temporary, entry.final) != 0 {
                throw CLIError.failure("cannot write '\(entry.final)': \(SystemReason.text(errno: errno))")
            }
        }
    }
}
