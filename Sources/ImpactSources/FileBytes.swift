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

/// A file's bytes (`InputBytes`) and, unless told not to hash them, their SHA-256 (the provenance every
/// input file is recorded with).
///
/// A regular file from `mappedFrom` bytes is mapped into memory (see `InputBytes` for why); anything else
/// (a smaller file, a pipe, a file that cannot be mapped) is read with `read(2)` to its end. A large file
/// is hashed on a thread of its own while its caller goes on (cutting it into lines): read, then hashed,
/// it was 0.4 s + 0.37 s of a portfolio run on one core (profiled).
enum FileBytes {
    struct Contents: Sendable {
        let bytes: InputBytes
        /// SHA-256 of `bytes` as lower-case hex, known now or once its hasher finishes: a large file's hash
        /// runs on behind the read, so that the file is cut into lines meanwhile (waiting for it idled a
        /// core for 0.2 s of a full-size load, measured). nil when the file was read without hashing.
        let digest: Eventual<String>?

        /// SHA-256 of `bytes` as lower-case hex (waiting for the hasher to finish); nil when not made.
        var sha256: String? { digest?.value }
    }

    /// Files from this size are hashed on a thread of their own.
    static let pipelined = 8 << 20
    private static let chunkSize = 1 << 16
    /// Regular files from this size are mapped; smaller ones are read into memory of their own. A small
    /// file's mapping cost more than copying its bytes: the mapping, a page fault to reach its pages, and
    /// an unmapping that makes the system flush the other cores' address caches (an interrupt to each
    /// core, slow in a virtual machine). The example workspace's seven files (68 kB) read instead of mapped:
    /// an SMB report 0.75 ms faster (−0.84 to −0.62, 400 paired runs; perf had shown the `munmap`s of the
    /// tables' release waiting in `smp_call_function_many_cond`).
    static let mappedFrom = 1 << 20

    /// The bytes and, with `hashing`, their digest; nil when the file cannot be opened or read.
    static func contents(of path: String, hashing: Bool = true) -> Contents? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let size = regularFileSize(descriptor)
        guard
            let bytes = size.flatMap({ $0 >= mappedFrom ? mapped(descriptor, size: $0) : nil })
                ?? readToEnd(descriptor, expected: size)
        else { return nil }
        guard hashing else { return Contents(bytes: bytes, digest: nil) }
        // Bytes of their own (a pipe's) are hashed at once: the memory of the lines typed is given back as
        // they are typed (`RawRecords.Lines.release`), and would then read as zeros to a hasher behind.
        guard bytes.count >= pipelined, bytes.mapped else {
            return Contents(bytes: bytes, digest: Eventual(made: bytes.withUnsafeBufferPointer(SHA256Hex.digest)))
        }
        // The hasher holds the bytes until it is done; pages given back meanwhile are read from the file
        // again.
        return Contents(bytes: bytes, digest: Eventual { bytes.withUnsafeBufferPointer(SHA256Hex.digest) })
    }

    /// The size of a regular file; nil for anything else (a pipe, a device).
    private static func regularFileSize(_ descriptor: Int32) -> Int? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(exactly: status.st_size)
    }

    /// A regular file of `size` bytes (`mappedFrom` or more), mapped read-only; nil when it cannot be
    /// mapped. What the file holds when it is mapped is what is read (bytes it gains later are not).
    private static func mapped(_ descriptor: Int32, size: Int) -> InputBytes? {
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { return nil }
        return InputBytes(mapping: UnsafePointer(address.assumingMemoryBound(to: UInt8.self)), count: size)
    }

    /// Everything `read(2)` gives until the end, read straight into memory grown by `realloc` (which
    /// moves large blocks by remapping their pages, not by copying) and given back its unused end; nil
    /// when a read fails (a folder, for one). `expected`: the size the file had (a regular file's), so that
    /// its bytes take one read and the end a second.
    private static func readToEnd(_ descriptor: Int32, expected: Int? = nil) -> InputBytes? {
        var capacity = expected.map { $0 + 1 } ?? chunkSize
        var count = 0
        guard var memory = malloc(capacity)?.assumingMemoryBound(to: UInt8.self) else { return nil }
        while true {
            if count == capacity {
                capacity *= 2
                guard let grown = realloc(memory, capacity) else {
                    free(memory)
                    return nil
                }
                memory = grown.assumingMemoryBound(to: UInt8.self)
            }
            let got = read(descriptor, memory + count, capacity - count)
            if got < 0 && errno == EINTR { continue }
            if got < 0 {
                free(memory)
                return nil
            }
            if got == 0 { break }
            count += got
        }
        if let fitted = realloc(memory, max(count, 1)) { memory = fitted.assumingMemoryBound(to: UInt8.self) }
        return InputBytes(adopting: memory, count: count)
    }
}
