import Foundation
import Synchronization
import Testing

@testable import ImpactCLI

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct OutputWriterTests {
    /// `files` written as a report's are: each started (the last on this thread), then all renamed into
    /// place.
    static func write(_ files: [OutputFile], to directory: String) throws {
        let writer = try OutputWriter(directory: directory, names: files.map(\.name))
        defer { writer.abandon() }
        for (index, file) in files.enumerated() { writer.start(file, here: index == files.count - 1) }
        try writer.finish()
    }

    /// A file that cannot be written among others that can: the run fails naming that file (the first
    /// failed one in the writer's order, however the threads finished), nothing is renamed into place,
    /// no temporary file is left, and an earlier file of the same name keeps its bytes.
    @Test func aFailedFileLeavesTheFolderAsItWas() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fail-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("before".utf8).write(to: URL(fileURLWithPath: folder + "/a.txt"))
        // A folder where the temporary files of b and d go: they cannot be opened for writing.
        let pid = ProcessInfo.processInfo.processIdentifier
        for name in ["b.txt", "d.txt"] {
            try FileManager.default.createDirectory(
                atPath: folder + "/.\(name).tmp-\(pid)", withIntermediateDirectories: false)
        }
        let names = ["a.txt", "b.txt", "c.txt", "d.txt"]
        let writer = try OutputWriter(directory: folder, names: names)
        // Started in another order than the writer's; a's bytes are made slowly, after the others failed,
        // on this thread (as a report's last file is).
        writer.start(OutputFile(name: "d.txt", bytes: Array("d".utf8)))
        writer.start(OutputFile(name: "c.txt", bytes: Array("c".utf8)))
        writer.start(OutputFile(name: "b.txt", bytes: Array("b".utf8)))
        writer.start(
            OutputFile(name: "a.txt") {
                usleep(20_000)
                return Array("after".utf8)
            }, here: true)
        #expect(throws: CLIError.failure("cannot write '\(folder)/b.txt': Is a directory")) { try writer.finish() }
        writer.abandon()
        for name in ["b.txt", "d.txt"] { try FileManager.default.removeItem(atPath: folder + "/.\(name).tmp-\(pid)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["a.txt"])
        #expect(FileManager.default.contents(atPath: folder + "/a.txt") == Data("before".utf8))
    }

    /// A file written on the calling thread that cannot be written fails the run as one written on a
    /// thread of its own does, and the others are not renamed into place.
    @Test func aFileWrittenHereThatFailsIsReported() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("here-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pid = ProcessInfo.processInfo.processIdentifier
        try FileManager.default.createDirectory(
            atPath: folder + "/.b.txt.tmp-\(pid)", withIntermediateDirectories: false)
        let writer = try OutputWriter(directory: folder, names: ["a.txt", "b.txt"])
        writer.start(OutputFile(name: "a.txt", bytes: Array("a".utf8)))
        writer.start(OutputFile(name: "b.txt", bytes: Array("b".utf8)), here: true)
        #expect(throws: CLIError.failure("cannot write '\(folder)/b.txt': Is a directory")) { try writer.finish() }
        writer.abandon()
        try FileManager.default.removeItem(atPath: folder + "/.b.txt.tmp-\(pid)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
    }

    /// A run that ends before it is finished (an error while the report was built) removes the files it
    /// started, once they are written, and replaces nothing.
    @Test func anAbandonedRunLeavesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drop-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try OutputWriter(directory: folder, names: ["results.json", "report.md"])
        writer.start(
            OutputFile(name: "results.json") { drain in
                usleep(20_000)
                Array("{}".utf8).withUnsafeBytes(drain)
            })
        writer.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
    }

    /// A folder where one of the files goes is refused before anything is written.
    @Test func aFolderInTheWayIsRefusedFirst() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("way-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/report.md", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: CLIError.failure("cannot write '\(folder)/report.md': a folder has that name")) {
            _ = try OutputWriter(directory: folder, names: ["results.json", "report.md"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["report.md"])
    }

    /// A file made as it is written, larger than the step at which what was written is handed to the disk,
    /// in parts of uneven sizes, reads back as the parts in order.
    @Test func aStreamedFileReadsBackWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sizes = [1, 3 << 20, 7, 9 << 20, 0, 5 << 20, 12_345]
        let parts = sizes.enumerated().map { index, size in [UInt8](repeating: UInt8(index + 65), count: size) }
        let file = OutputFile(name: "big.json") { drain in
            for part in parts { part.withUnsafeBytes(drain) }
        }
        try Self.write([file], to: folder)
        #expect(FileManager.default.contents(atPath: folder + "/big.json") == Data(parts.joined()))
    }

    /// Every file of a run is in place with its bytes, and no temporary file is left beside them.
    @Test func aRunsFilesAreInPlaceAndNoTemporaryIsLeft() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("write-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = (0..<5).map {
            OutputFile(name: "file\($0).txt", bytes: Array(String(repeating: "\($0)", count: 1_000 * $0).utf8))
        }
        try Self.write(files, to: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == files.map(\.name))
        for (index, file) in files.enumerated() {
            #expect(
                FileManager.default.contents(atPath: folder + "/" + file.name)
                    == Data(String(repeating: "\(index)", count: 1_000 * index).utf8))
        }
    }

    /// On the global queue (the command line's way, from its main thread), the files are made and written
    /// on the queue's threads, the last on the caller's, and every one is in place afterwards. Run from a
    /// thread of its own, as the main thread is not one of the queue's (a test's is).
    @Test func onTheSharedQueueTheFilesAreMadeOnItsThreads() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("queue-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let madeOn = Mutex<[String: String]>([:])
        let caller = Mutex<pthread_t?>(nil)
        let files = (0..<4).map { index in
            OutputFile(name: "file\(index).txt") {
                // libdispatch names its threads after their queue (Linux keeps the last 15 bytes).
                let queue = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                let here = caller.withLock { $0 } == pthread_self()
                madeOn.withLock { $0["file\(index).txt"] = here ? "the caller" : queue }
                return Array(String(repeating: "\(index)", count: 10_000).utf8)
            }
        }
        // Awaited, not waited for: the test's own thread is one of the queue's.
        let outcome = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<Void, any Error>, Never>) in
            Thread {
                caller.withLock { $0 = pthread_self() }
                // Named, so that a thread it starts (which takes its name) is not taken for the queue's.
                try? "writer-test".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
                continuation.resume(
                    returning: Result<Void, any Error> {
                        let writer = try OutputWriter(directory: folder, names: files.map(\.name), sharedQueue: true)
                        defer { writer.abandon() }
                        for (index, file) in files.enumerated() { writer.start(file, here: index == files.count - 1) }
                        try writer.finish()
                    })
            }.start()
        }
        try outcome.get()
        let made = madeOn.withLock { $0 }
        #expect(made.count == 4)
        for index in 0..<3 { #expect(made["file\(index).txt"]?.hasSuffix("default-qos\n") == true, "\(made)") }
        #expect(made["file3.txt"] == "the caller", "\(made)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == files.map(\.name))
        for index in 0..<4 {
            #expect(
                FileManager.default.contents(atPath: folder + "/file\(index).txt")
                    == Data(String(repeating: "\(index)", count: 10_000).utf8))
        }
    }
}
