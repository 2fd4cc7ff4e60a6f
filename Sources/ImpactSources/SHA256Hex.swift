import Crypto

/// SHA-256 digests as lower-case hex, for provenance and folder names.
public enum SHA256Hex {
    public static func digest(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer(digest)
    }

    static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        return hex(hasher.finalize())
    }

    /// Written digit by digit: `joined()` of the bytes' strings made the Swift runtime look its generic
    /// types up by name, a scan of every conformance record of the process, once per run of `impact`
    /// (profiled on an SMB report).
    static func hex(_ digest: SHA256.Digest) -> String {
        func digit(_ value: UInt8) -> UInt8 { value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10 }
        var text: [UInt8] = []
        text.reserveCapacity(2 * SHA256.Digest.byteCount)
        // Through its bytes: iterating the digest itself made Crypto look its iterator type up by name.
        digest.withUnsafeBytes { bytes in
            for byte in bytes {
                text.append(digit(byte >> 4))
                text.append(digit(byte & 0x0F))
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
