import CWriteback
import ImpactCore

#if canImport(Glibc)
    import Glibc
#endif

/// One file of a report: its name in the output folder and its bytes, or what makes them as it is
/// written.
struct OutputFile: Sendable {
    let name: String
    private let content: Content

    private enum Content: Sendable {
        case bytes([UInt8])
        /// Hands the bytes, in order, to the function it is given.
        case streamed(@Sendable (_ drain: @escaping (UnsafeRawBufferPointer) -> Void) -> Void)
    }

    init(name: String, bytes: [UInt8]) {
        self.name = name
        content = .bytes(bytes)
    }

    /// A file whose bytes are made while it is written, a part at a time (`ResultsDocument.write(drain:)`),
    /// so that they are never all held.
    init(name: String, streamed: @escaping @Sendable (_ drain: @escaping (UnsafeRawBufferPointer) -> Void) -> Void) {
        self.name = name
        content = .streamed(streamed)
    }

    /// A file whose bytes are made, whole, when it is written: on the writer's thread for that file, beside
    /// the others (`OutputWriter.start`).
    init(name: String, made: @escaping @Sendable () -> [UInt8]) {
        self.name = name
        content = .streamed { drain in made().withUnsafeBytes(drain) }
    }

    /// Writes the file to `path` (created, or truncated) and closes it.
    func write(to path: String) throws(WriteError) {
        let descriptor = try writeLeavingOpen(to: path)
        if close(descriptor) != 0 { throw WriteError(errno: errno) }
    }

    /// Writes the file to `path` (created, or truncated) and returns its descriptor, open, for the caller
    /// to flush and close (`OutputWriter` flushes each file before any is renamed). A file left half-written by a
    /// failure is the caller's to remove (it writes to a temporary name); its descriptor is closed.
    func writeLeavingOpen(to path: String) throws(WriteError) -> Int32 {
        switch content {
        case .bytes(let bytes): try Self.write(to: path) { drain in bytes.withUnsafeBytes(drain) }
        case .streamed(let make): try Self.write(to: path) { make($0) }
        }
    }

    /// How much is written before it is handed to the disk (`impact_start_writeback`).
    private static let writebackStep = 8 << 20

    /// Why a file could not be written: the system's reason, e.g. `No space left on device`.
    struct WriteError: Error {
        let reason: String

        init(errno code: Int32) {
            reason = SystemReason.text(errno: code)
        }
    }

    /// Writes the bytes handed over in parts by `make` to `path` (created, or truncated), with write(2)
    /// straight from them: Foundation's atomic `createFile` copied the bytes into `Data` and wrote a second
    /// temporary file of its own before our rename (a 227 MB results.json was copied twice), and the
    /// renaming is the caller's. After a failed write the rest is not written (and the failure thrown once
    /// `make` returns, the descriptor closed); else the open descriptor is returned.
    private static func write(
        to path: String, _ make: (_ drain: @escaping (UnsafeRawBufferPointer) -> Void) -> Void
    ) throws(WriteError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw WriteError(errno: errno) }
        // A class, so that the escaping drain can record the failure and how far it wrote.
        final class Failure {
            var code: Int32 = 0
            var written = 0
            var handedToDisk = 0
        }
        let failed = Failure()
        make { buffer in
            guard failed.code == 0 else { return }
            failed.code = DescriptorWrite.all(buffer, to: descriptor)
            guard failed.code == 0 else { return }
            failed.written += buffer.count
            // The disk is given what was written every few megabytes, without waiting: the flush before
            // the rename then waits for the last few only (a full-size results.json, 227 MB, was flushed
            // in 88 ms at the end of the run, measured). Only a hint: its failure changes nothing.
            if failed.written - failed.handedToDisk >= writebackStep {
                _ = impact_start_writeback(
                    descriptor, Int64(failed.handedToDisk), Int64(failed.written - failed.handedToDisk))
                failed.handedToDisk = failed.written
            }
        }
        guard failed.code == 0 else {
            close(descriptor)
            throw WriteError(errno: failed.code)
        }
        return descriptor
    }
}
