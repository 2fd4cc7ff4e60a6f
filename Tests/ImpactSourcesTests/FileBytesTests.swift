import Foundation
import Testing

@testable import ImpactSources

/// Files read straight into their byte array are the bytes Foundation reads; what cannot be read is nil.
@Suite struct FileBytesTests {
    @Test(arguments: [0, 1, 4_095, 65_537, 1_000_003])
    func readsEveryByte(size: Int) throws {
        let path = NSTemporaryDirectory() + "file-bytes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(FileBytes.contents(of: path) == bytes)
    }

    @Test func missingFilesAndFoldersAreNil() {
        #expect(FileBytes.contents(of: "/nonexistent/\(UUID().uuidString)") == nil)
        #expect(FileBytes.contents(of: NSTemporaryDirectory()) == nil)
    }
}
