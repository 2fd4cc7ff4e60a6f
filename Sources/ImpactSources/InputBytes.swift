#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of an input: a regular file mapped into memory (`FileBytes`), or bytes of its own (a small
/// file's, a pipe's, a converted text's, a test's), read the same way. Never changed once made.
///
/// A file of a megabyte or more (`FileBytes.mappedFrom`) is mapped rather than read into an array: read,
/// its pages were first zeroed by the kernel and then copied into (a 650 MB engagements file: 0.25 s of
/// CPU, 0.1 s of the wall time of `impact validate` on two cores, measured against a mapping in the same
/// run); mapped, the reader looks at the pages the system already holds. A file shortened by another
/// program while mapped cannot be read to its old end: the CLI reports that as such (`BusErrorReport`) and
/// stops without writing anything.
final class InputBytes: @unchecked Sendable {  // immutable; the memory is owned and given back in deinit
    let base: UnsafePointer<UInt8>
    let count: Int
    /// Whether these are a file's pages mapped (given back, they read as the file again, not as zeros).
    let mapped: Bool

    /// A copy of `bytes`.
    convenience init(_ bytes: [UInt8]) {
        self.init(count: bytes.count) { memory in
            bytes.withUnsafeBufferPointer { source in
                if let start = source.baseAddress { memory.baseAddress!.initialize(from: start, count: source.count) }
            }
        }
    }

    /// `count` bytes of their own, every one of them written by `fill`.
    convenience init(count: Int, fill: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
        let memory = malloc(max(count, 1))!.assumingMemoryBound(to: UInt8.self)
        fill(UnsafeMutableBufferPointer(start: memory, count: count))
        self.init(adopting: memory, count: count)
    }

    /// Memory from `malloc` (or `realloc`) holding `count` bytes, now these bytes' own: freed when released.
    init(adopting memory: UnsafeMutablePointer<UInt8>, count: Int) {
        base = UnsafePointer(memory)
        self.count = count
        mapped = false
    }

    /// The memory mapped at `base` (`count` bytes, from `mmap`), unmapped when released.
    init(mapping base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
        mapped = true
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            free(UnsafeMutableRawPointer(mutating: base))
        }
    }

    subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "a position within the bytes")
        return base[position]
    }

    subscript(range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "a range within the bytes")
        return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    func starts(with prefix: [UInt8]) -> Bool {
        prefix.count <= count && prefix.indices.allSatisfy { base[$0] == prefix[$0] }
    }

    /// The bytes as an array (a copy).
    var array: [UInt8] { withUnsafeBufferPointer { Array($0) } }
}
