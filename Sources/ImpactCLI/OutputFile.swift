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

    /// The bytes of a file made whole; nil for a streamed one.
    var bytes: [UInt8]? {
        if case .bytes(let bytes) = content { return bytes }
        return nil
    }

    /// Writes the file to `path` (see `write(_:to:durable:)`).
    func write(to path: String, durable: Bool) throws(WriteError) {
        switch content {
        case .bytes(let bytes): try Self.write(bytes, to: path, durable: durable)
        case .streamed(let make): try Self.write(to: path, durable: durable) { make($0) }
        }
    }

    /// Why a file could not be written: the system's reason, e.g. `No space left on device`.
    struct WriteError: Error {
        let reason: String

        init(errno code: Int32) {
            reason = SystemReason.text(errno: code)
        }
    }

    /// Writes `bytes` to `path` (created, or truncated), flushed to the disk first when `durable`. With
    /// write(2) straight from the array: Foundation's atomic `createFile` copied the bytes into `Data`
    /// and wrote a second temporary file of its own before our rename (a 227 MB results.json was copied
    /// twice), and the renaming is the caller's. A file left half-written by a failure is the caller's
    /// to remove (it writes to a temporary name).
    static func write(_ bytes: [UInt8], to path: String, durable: Bool) throws(WriteError) {
        try write(to: path, durable: durable) { drain in bytes.withUnsafeBytes(drain) }
    }

    /// The same with the bytes handed over in parts by `make`; after a failed write the rest is not
    /// written (and the failure thrown once `make` returns).
    private static func write(
        to path: String, durable: Bool, _ make: (_ drain: @escaping (UnsafeRawBufferPointer) -> Void) -> Void
    ) throws(WriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw WriteError(errno: errno) }
        // A class, so that the escaping drain can record the failure.
        final class Failure { var code: Int32 = 0 }
        let failed = Failure()
        make { buffer in
            var offset = 0
            while failed.code == 0 && offset < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else {
                    failed.code = result < 0 ? errno : EIO
                    return
                }
                offset += result
            }
        }
        var failure = failed.code
        if failure == 0 && durable && fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw WriteError(errno: failure) }
    }
}
