#if canImport(Glibc)
    import Glibc
#endif

/// Gives whole 2 MiB pages of a large buffer back to the system once they are no longer read (`release`).
///
/// It used to ask for 2 MiB pages too (`madvise(MADV_HUGEPAGE)` on the engagements file's line list and
/// the largest engagement columns), which took the page faults of a full-size `validate` from 645k to
/// 286k. It no longer does: on the 2-core virtual machines of Benchmarks/RESULTS.md, which hand freed
/// memory back to their host a 2 MiB block at a time (virtio-balloon free page reporting), `validate` at
/// 100 % took 2.261 s with them against 1.879 s without (6 interleaved rounds; polars' `read_csv` 2.063
/// s), 2.042 against 1.744 s run back to back; the same at 10 %; the full report and the peak memory the
/// same within the noise.
public enum HugePages {
    static let size = 2 << 20

    /// Gives the whole 2 MiB pages of `byteCount` bytes at `start` back to the system (Linux
    /// `madvise(MADV_DONTNEED)`; elsewhere nothing): they read as zeros afterwards. For a large buffer
    /// whose part is no longer read before the buffer is freed.
    public static func release(_ start: UnsafeRawPointer?, byteCount: Int) {
        #if os(Linux)
            guard let start, byteCount >= size else { return }
            let first = (UInt(bitPattern: start) + UInt(size - 1)) & ~UInt(size - 1)
            let end = (UInt(bitPattern: start) + UInt(byteCount)) & ~UInt(size - 1)
            guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
            _ = madvise(aligned, Int(end - first), MADV_DONTNEED)
        #endif
    }
}
