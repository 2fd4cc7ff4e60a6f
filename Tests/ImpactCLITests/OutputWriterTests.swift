import Foundation
import Testing

@testable import ImpactCLI

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct OutputWriterTests {
    /// The files flushed together report each failure at its own file: a descriptor that cannot be
    /// flushed (closed) between two that can.
    @Test func aFlushFailureIsReportedForItsOwnFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flush-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let paths = (0..<4).map { folder + "/f\($0)" }
        var descriptors = try paths.map { path in
            try OutputFile(name: "f", bytes: Array(path.utf8)).writeLeavingOpen(to: path)
        }
        close(descriptors[2])
        descriptors[2] = -1
        let failures = OutputWriter.flush(descriptors)
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
        #expect(failures == [0, 0, EBADF, 0])
        for path in paths {
            #expect(FileManager.default.contents(atPath: path) == Data(path.utf8))
        }
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
        try OutputWriter(directory: folder).write([file])
        #expect(FileManager.default.contents(atPath: folder + "/big.json") == Data(parts.joined()))
    }

    /// Every file of a run is in place with its bytes, and no temporary file is left beside them.
    @Test func aRunsFilesAreInPlaceAndNoTemporaryIsLeft() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("write-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = (0..<5).map {
            OutputFile(name: "file\($0).txt", bytes: Array(String(repeating: "\($0)", count: 1_000 * $0).utf8))
        }
        try OutputWriter(directory: folder).write(files)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == files.map(\.name))
        for (index, file) in files.enumerated() {
            #expect(
                FileManager.default.contents(atPath: folder + "/" + file.name)
                    == Data(String(repeating: "\(index)", count: 1_000 * index).utf8))
        }
    }
}
