#if canImport(Glibc)
    import Glibc
#endif

/// Writing bytes to an open file descriptor with `write(2)`.
enum DescriptorWrite {
    /// Writes all of `bytes`, again after an interrupted or partial write; 0 when they were all written,
    /// else the error (`EIO` for a write that wrote nothing).
    static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let result = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return result < 0 ? errno : EIO }
            offset += result
        }
        return 0
    }
}
