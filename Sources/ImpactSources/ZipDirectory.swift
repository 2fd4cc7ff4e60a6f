import Foundation
import ZIPFoundation

/// The entries of a zip archive held in memory, each unpacked on demand within a size limit.
///
/// The central directory is read here rather than through ZIPFoundation's `Archive`: fuzzing found that
/// `Archive` loops forever on an entry whose compressed data runs past the end of the file, and traps on
/// one in memory (Tests/ImpactWorkspaceTests/Regressions). Every entry's data range is checked against
/// the archive's size first; ZIPFoundation still does the inflating, fed by a provider that stops at the
/// entry's end.
struct ZipDirectory {
    struct Entry {
        let method: UInt16
        let compressedSize: Int
        let uncompressedSize: Int
        let dataOffset: Int
    }

    let bytes: [UInt8]
    let entries: [String: Entry]

    init(_ bytes: [UInt8]) throws(XLSXError) {
        self.bytes = bytes
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The end-of-central-directory record: its signature within the last 65,557 bytes.
        guard bytes.count >= 22 else { throw XLSXError(message: "it is not a zip archive") }
        var end = -1
        var position = bytes.count - 22
        while position >= max(0, bytes.count - 65_557) {
            if bytes[position] == 0x50 && bytes[position + 1] == 0x4B && bytes[position + 2] == 5
                && bytes[position + 3] == 6
            {
                end = position
                break
            }
            position -= 1
        }
        guard end >= 0 else { throw XLSXError(message: "it is not a zip archive (no central directory)") }
        let count = u16(end + 10)
        var offset = u32(end + 16)
        var entries: [String: Entry] = [:]
        for _ in 0..<count {
            guard offset >= 0, offset + 46 <= bytes.count, u32(offset) == 0x0201_4B50 else {
                throw XLSXError(message: "its central directory is damaged")
            }
            let method = UInt16(u16(offset + 10))
            let compressed = u32(offset + 20)
            let uncompressed = u32(offset + 24)
            let nameLength = u16(offset + 28)
            let extraLength = u16(offset + 30)
            let commentLength = u16(offset + 32)
            let local = u32(offset + 42)
            guard offset + 46 + nameLength <= bytes.count else {
                throw XLSXError(message: "its central directory is damaged")
            }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
                throw XLSXError(message: "it is a ZIP64 archive, which is not supported")
            }
            guard local + 30 <= bytes.count, u32(local) == 0x0403_4B50 else {
                throw XLSXError(message: "the entry '\(name)' is damaged")
            }
            let dataOffset = local + 30 + u16(local + 26) + u16(local + 28)
            guard dataOffset + compressed <= bytes.count else {
                throw XLSXError(message: "the entry '\(name)' runs past the end of the archive")
            }
            entries[name] = Entry(
                method: method, compressedSize: compressed, uncompressedSize: uncompressed, dataOffset: dataOffset)
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// An entry's bytes, refused when it would unpack to more than `limit` bytes.
    func data(_ name: String, limit: Int) throws(XLSXError) -> Data {
        guard let entry = entries[name] else { throw XLSXError(message: "it has no '\(name)'") }
        guard entry.uncompressedSize <= limit else {
            throw XLSXError(message: "'\(name)' would unpack to \(entry.uncompressedSize) bytes, more than allowed")
        }
        let range = entry.dataOffset..<(entry.dataOffset + entry.compressedSize)
        switch entry.method {
        case 0:
            return Data(bytes[range])
        case 8:
            var output = Data()
            var exceeded = false
            let compressed = Data(bytes[range])
            do {
                _ = try Data.decompress(
                    size: Int64(entry.compressedSize), bufferSize: 64 * 1024, skipCRC32: true,
                    provider: { position, size in
                        let start = Int(position)
                        guard start < compressed.count else { throw XLSXError(message: "truncated") }
                        return compressed.subdata(in: start..<min(start + size, compressed.count))
                    },
                    consumer: { chunk in
                        output.append(chunk)
                        if output.count > limit {
                            exceeded = true
                            throw XLSXError(message: "too large")
                        }
                    })
            } catch {
                throw XLSXError(
                    message: exceeded ? "'\(name)' unpacks to more than allowed" : "'\(name)' cannot be unpacked")
            }
            return output
        default:
            throw XLSXError(message: "'\(name)' uses compression method \(entry.method), which is not supported")
        }
    }
}
