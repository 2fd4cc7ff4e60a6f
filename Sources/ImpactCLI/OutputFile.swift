#if canImport(Glibc)
    import Glibc
#endif

/// One file of a report: its name in the output folder and its bytes.
struct OutputFile {
    let name: String
    let bytes: [UInt8]

    /// Writes `bytes` to `path` (created, or truncated), flushed to the disk first when `durable`; false
    /// when any step fails. With write(2) straight from the array: Foundation's atomic `createFile`
    /// copied the bytes into `Data` and wrote a second temporary file of its own before our rename (a
    /// 227 MB results.json was copied twice), and the renaming is the caller's.
    static func write(_ bytes: [UInt8], to path: String, durable: Bool) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return false }
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { return false }
                offset += result
            }
            return true
        }
        let synced = written && (!durable || fsync(descriptor) == 0)
        return close(descriptor) == 0 && synced
    }
}
