#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes, read straight into the array that keeps them.
///
/// Written with `read(2)` rather than `FileManager.contents(atPath:)`: that returns `Data`, and turning it
/// into `[UInt8]` copied the file a second time — for a 650 MB engagements file, a single-core second
/// and a second copy's worth of fresh pages at the start of every portfolio run (profiled).
enum FileBytes {
    /// The bytes, or nil when the file cannot be opened or read.
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let expected = Int(status.st_size)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: max(expected, 0)) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            while count < buffer.count {
                let got = read(descriptor, base + count, buffer.count - count)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failed = true }
                if got <= 0 { return }
                count += got
            }
        }
        guard !failed else { return nil }
        // A file that grew while read, or one whose size is not known (a pipe): the rest in chunks.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 { return nil }
            if got == 0 { return bytes }
            bytes += chunk[0..<got]
        }
    }
}
