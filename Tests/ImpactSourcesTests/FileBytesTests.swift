import Foundation
import ImpactCore
import Synchronization
import Testing

@testable import ImpactSources

/// Files mapped (or read, when small or not mappable) are the bytes that were written; what cannot be read
/// is nil.
@Suite struct FileBytesTests {
    /// Sizes around the chunk size, the size from which a file is mapped and the size from which it is
    /// hashed while it is read.
    @Test(arguments: [
        0, 1, 4_095, 65_536, 65_537, 1_000_003, FileBytes.mappedFrom - 1, FileBytes.mappedFrom,
        FileBytes.pipelined - 1, FileBytes.pipelined, 4 * FileBytes.pipelined / 3,
    ])
    func readsEveryByteAndItsDigest(size: Int) throws {
        let path = NSTemporaryDirectory() + "file-bytes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let contents = try #require(FileBytes.contents(of: path))
        #expect(contents.bytes.array == bytes)
        // Mapped from `mappedFrom` bytes, read into memory of its own below.
        #expect(contents.bytes.mapped == (size >= FileBytes.mappedFrom))
        // An independent digest of the file: coreutils' sha256sum.
        #expect(contents.sha256 == (try Self.sha256sum(path)))
        // Read without hashing: the same bytes, and no digest.
        let unhashed = try #require(FileBytes.contents(of: path, hashing: false))
        #expect(unhashed.bytes.array == bytes)
        #expect(unhashed.digest == nil)
    }

    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    /// Large files read from many threads at once (each hashed on a thread of its own while read): every
    /// read gets every byte and the right digest, and none waits for another's hasher.
    @Test func concurrentReadsOfLargeFilesEachGetTheirDigest() throws {
        let path = NSTemporaryDirectory() + "file-bytes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<(FileBytes.pipelined + 12_345)).map { UInt8(truncatingIfNeeded: $0 &* 40_503 >> 5) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let expected = try Self.sha256sum(path)
        let results = Mutex([Bool](repeating: false, count: 6))
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            let contents = FileBytes.contents(of: path)
            let right = contents?.bytes.array == bytes && contents?.sha256 == expected
            results.withLock { $0[index] = right }
        }
        #expect(results.withLock { $0 } == [Bool](repeating: true, count: 6))
    }

    /// A large file's digest is made behind the read: the bytes may be let go before it is asked for (it
    /// is still the file's, the hasher keeping what it reads), and asking again gives it again.
    @Test func theDigestOfBytesLetGoBeforeItIsAskedForIsStillTheFiles() throws {
        let path = NSTemporaryDirectory() + "file-bytes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size = 6 * FileBytes.pipelined
        try Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_246_822_519 >> 9) }).write(
            to: URL(fileURLWithPath: path))
        let expected = try Self.sha256sum(path)
        var digests: [Eventual<String>] = []
        for _ in 0..<3 {
            digests.append(try #require(FileBytes.contents(of: path)?.digest))
            // Fresh memory written over while the hashers may still run: freed bytes would be reused here.
            var scratch = [UInt8](repeating: 0xAB, count: size)
            scratch[size / 2] = 1
            #expect(scratch.count == size)
        }
        for digest in digests {
            #expect(digest.value == expected)
            #expect(digest.value == expected)
        }
    }

    /// Bytes stay what the file held when it was read (mapped, or a small one copied) while the file is
    /// replaced (written to a new file and renamed over it, as editors and exports do), and live as long as
    /// a copy of them does.
    @Test(arguments: [3 * FileBytes.pipelined, FileBytes.mappedFrom / 2])
    func bytesOutliveTheFileTheyWereReadFrom(size: Int) throws {
        let path = NSTemporaryDirectory() + "file-bytes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 97 >> 3) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var kept = try #require(FileBytes.contents(of: path, hashing: false)?.bytes)
        try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: path), options: .atomic)
        try FileManager.default.removeItem(atPath: path)
        #expect(kept.array == bytes)
        #expect(kept[bytes.count - 1] == bytes[bytes.count - 1])
        #expect(Array(kept[10..<20]) == Array(bytes[10..<20]))
        kept = InputBytes([1, 2, 3])
        #expect(kept.array == [1, 2, 3])
        #expect(kept.starts(with: [1, 2]) && !kept.starts(with: [2]) && !kept.starts(with: [1, 2, 3, 4]))
    }

    /// A pipe's bytes are read to their end and hashed at once (a hasher behind would read the memory of
    /// typed lines given back as zeros); a large regular file is mapped and may be hashed behind.
    @Test func aPipeIsReadToItsEndAndHashedAtOnce() throws {
        let folder = NSTemporaryDirectory() + "file-bytes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = (0..<(2 * FileBytes.pipelined + 5)).map { UInt8(truncatingIfNeeded: $0 &* 131 >> 4) }
        let file = folder + "/file"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let pipe = folder + "/pipe"
        #expect(mkfifo(pipe, 0o600) == 0)
        Thread {
            guard let writer = FileHandle(forWritingAtPath: pipe) else { return }
            try? writer.write(contentsOf: Data(bytes))
            try? writer.close()
        }.start()
        let piped = try #require(FileBytes.contents(of: pipe))
        #expect(!piped.bytes.mapped)
        #expect(piped.bytes.array == bytes)
        #expect(piped.sha256 == (try Self.sha256sum(file)))
        let mapped = try #require(FileBytes.contents(of: file))
        #expect(mapped.bytes.mapped)
        #expect(mapped.sha256 == piped.sha256)
    }

    @Test func missingFilesAndFoldersAreNil() {
        #expect(FileBytes.contents(of: "/nonexistent/\(UUID().uuidString)") == nil)
        #expect(FileBytes.contents(of: NSTemporaryDirectory()) == nil)
    }
}
