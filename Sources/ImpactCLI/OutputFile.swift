import ImpactCore

#if canImport(Glibc)
    import Glibc
#endif

/// One file of a report: its name in the output folder and its bytes.
struct OutputFile {
    let name: String
    let bytes: [UInt8]

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
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw WriteError(errno: errno) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else {
                    failure = result < 0 ? errno : EIO
                    return
                }
                offset += result
            }
        }
        if failure == 0 && durable && fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw WriteError(errno: failure) }
    }
}
