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

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
