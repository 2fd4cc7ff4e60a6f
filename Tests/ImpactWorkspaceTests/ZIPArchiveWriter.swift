import Foundation
import ZIPFoundation

/// Zip archives made in tests.
enum ZIPArchiveWriter {
    static func create(_ url: URL) throws -> Archive {
        try Archive(url: url, accessMode: .create)
    }

    /// An entry of `size` zero bytes (it compresses to almost nothing: a zip bomb in miniature).
    static func addZeros(_ archive: Archive, name: String, size: Int) throws {
        let chunk = Data(count: 1 << 20)
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate) {
            position, length in
            chunk.prefix(length)
        }
    }
}
