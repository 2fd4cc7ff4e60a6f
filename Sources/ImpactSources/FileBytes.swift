import Crypto
import Dispatch
import Foundation
import ImpactCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes and, unless told not to hash them, their SHA-256 (the provenance every input file is
/// recorded with), read straight into the array that keeps them.
///
/// Written with `read(2)` rather than `FileManager.contents(atPath:)`: that returns `Data`, and turning it
/// into `[UInt8]` copied the file a second time — for a 650 MB engagements file, a single-core second
/// and a second copy's worth of fresh pages at the start of every portfolio run (profiled). A large file
/// is hashed on a second thread while it is read, chunk by chunk as each arrives: read, then hashed, it
/// was 0.4 s + 0.37 s of a portfolio run on one core (profiled).
enum FileBytes {
    struct Contents: Sendable {
        let bytes: [UInt8]
        /// nil when the file was read without hashing.
        let digest: Digest?

        /// SHA-256 of `bytes` as lower-case hex (waiting for the hasher to finish); nil when not made.
        var sha256: String? { digest?.value }
    }

    /// A file's SHA-256, known now or once its hasher finishes: a large file's hash runs on behind the
    /// read, so that the file is cut into lines meanwhile (waiting for it idled a core for 0.2 s of a
    /// full-size load, measured).
    final class Digest: Sendable {
        /// The hex digest once made; until then, the bytes being hashed, kept alive for the hasher however
        /// soon the reader's caller lets them go.
        private let state = Mutex<(hex: String?, hashing: [UInt8]?)>((nil, nil))
        /// Entered until the digest is made; waiting on it returns at once afterwards, however often.
        private let finished = DispatchGroup()

        init() {
            finished.enter()
        }

        convenience init(_ hex: String) {
            self.init()
            finish(hex)
        }

        /// Keeps `bytes` (the array the hasher reads) until the digest is made.
        func keep(_ bytes: [UInt8]) {
            state.withLock { if $0.hex == nil { $0.hashing = bytes } }
        }

        func finish(_ hex: String) {
            state.withLock { $0 = (hex, nil) }
            finished.leave()
        }

        var value: String {
            finished.wait()
            return state.withLock { $0.hex } ?? ""
        }
    }

    /// Files from this size are hashed while they are read.
    static let pipelined = 8 << 20
    private static let chunkSize = 4 << 20

    /// The bytes and, with `hashing`, their digest; nil when the file cannot be opened or read.
    static func contents(of path: String, hashing: Bool = true) -> Contents? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let expected = max(Int(status.st_size), 0)
        var failed = false
        var digest: Digest?
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, count in
            HugePages.advise(buffer)
            if hashing, buffer.count >= pipelined {
                (count, failed, digest) = readHashing(descriptor, into: buffer)
            } else if buffer.count >= pipelined {
                (count, failed) = fillOnEveryCore(descriptor, into: buffer)
            } else {
                (count, failed) = fill(descriptor, into: buffer)
            }
        }
        // The hasher reads what was read into `bytes` until it finishes: they are kept for it, and nothing
        // may change them before.
        digest?.keep(bytes)
        guard !failed else {
            _ = digest?.value
            return nil
        }
        // A file that grew while read, or one whose size is not known (a pipe): the rest in chunks, and the
        // digest of the whole afterwards.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 { return nil }
            if got == 0 { break }
            _ = digest?.value
            bytes.append(contentsOf: chunk[0..<got])
            digest = nil
        }
        guard hashing else { return Contents(bytes: bytes, digest: nil) }
        return Contents(bytes: bytes, digest: digest ?? Digest(SHA256Hex.digest(bytes)))
    }

    /// Fills `buffer` from the file in chunks (fewer bytes at its end), telling `filled` how many bytes it
    /// holds after each chunk; whether a read failed.
    private static func fill(
        _ descriptor: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, filled: (Int) -> Void = { _ in }
    ) -> (count: Int, failed: Bool) {
        guard let base = buffer.baseAddress else { return (0, false) }
        var count = 0
        while count < buffer.count {
            let got = read(descriptor, base + count, min(chunkSize, buffer.count - count))
            if got < 0 && errno == EINTR { continue }
            if got < 0 { return (count, true) }
            if got == 0 { break }
            count += got
            filled(count)
        }
        return (count, false)
    }

    /// `fill(_:into:)` for a large file that is not hashed: each core reads its own range (`pread`), so that
    /// the copying and the fresh pages are shared by the cores (on one core, reading a 650 MB file was the
    /// first 0.2 s of `impact validate`, the other core idle; profiled). A range read short (the file
    /// shrank meanwhile) ends what was read; the file's offset is left after it, for the rest to be read.
    private static func fillOnEveryCore(_ descriptor: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>)
        -> (count: Int, failed: Bool)
    {
        guard let start = buffer.baseAddress else { return (0, false) }
        nonisolated(unsafe) let base = start  // each part writes its own range
        let total = buffer.count
        let parts = OrderedParallel.cores
        let results = OrderedParallel.map(parts: parts) { part -> (filled: Int, failed: Bool) in
            let range = OrderedParallel.range(part, of: parts, total: total)
            var filled = 0
            while filled < range.count {
                let offset = range.lowerBound + filled
                let got = pread(descriptor, base + offset, min(chunkSize, range.count - filled), off_t(offset))
                if got < 0 && errno == EINTR { continue }
                if got < 0 { return (filled, true) }
                if got == 0 { break }
                filled += got
            }
            return (filled, false)
        }
        var count = 0
        for (part, result) in results.enumerated() {
            if result.failed { return (count, true) }
            count += result.filled
            if result.filled < OrderedParallel.range(part, of: parts, total: total).count { break }
        }
        guard lseek(descriptor, off_t(count), SEEK_SET) == off_t(count) else { return (count, true) }
        return (count, false)
    }

    /// `fill(_:into:)` with the bytes hashed on another thread as they arrive: the reader publishes how
    /// far it has read (under a lock) and signals; the hasher takes everything up to there.
    private static func readHashing(_ descriptor: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>)
        -> (count: Int, failed: Bool, digest: Digest?)
    {
        guard let start = buffer.baseAddress else { return (0, false, nil) }
        let progress = Mutex((read: 0, finished: false))
        let arrived = DispatchSemaphore(value: 0)
        let digest = Digest()
        // Only the bytes below the published count are read by the hasher; the reader writes above it.
        nonisolated(unsafe) let base = UnsafeRawPointer(start)
        // A thread of its own rather than a work item on a shared queue: the reader waits for it, and a
        // queue whose threads were all waiting so would never run it.
        let hasherThread = Thread {
            var hasher = SHA256()
            var done = 0
            while true {
                arrived.wait()
                let (read, finished) = progress.withLock { ($0.read, $0.finished) }
                if read > done {
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(start: base + done, count: read - done))
                    done = read
                }
                if finished { break }
            }
            digest.finish(SHA256Hex.hex(hasher.finalize()))
        }
        hasherThread.start()
        let (count, failed) = fill(descriptor, into: buffer) { count in
            progress.withLock { $0.read = count }
            arrived.signal()
        }
        progress.withLock { $0.finished = true }
        arrived.signal()
        return (count, failed, digest)
    }
}
