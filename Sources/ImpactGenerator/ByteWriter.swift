import Foundation

/// Writes a large text file through a buffer of bytes, without building a `String` per row.
struct ByteWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let flushSize = 1 << 22

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw GeneratorError.cannotWrite(path)
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    mutating func text(_ string: String) {
        buffer.append(contentsOf: string.utf8)
    }

    mutating func byte(_ byte: UInt8) { buffer.append(byte) }

    mutating func comma() { buffer.append(UInt8(ascii: ",")) }

    mutating func int(_ value: Int, width: Int = 0) {
        var digits: [UInt8] = []
        var rest = value.magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        for _ in digits.count..<max(width, digits.count) { buffer.append(UInt8(ascii: "0")) }
        buffer.append(contentsOf: digits.reversed())
    }

    /// An amount given in cents, as `123.45` (`123` when whole).
    mutating func cents(_ value: Int) {
        int(value / 100)
        let fraction = value % 100
        if fraction != 0 {
            buffer.append(UInt8(ascii: "."))
            int(fraction, width: 2)
        }
    }

    mutating func date(_ components: (year: Int, month: Int, day: Int)) {
        int(components.year, width: 4)
        buffer.append(UInt8(ascii: "-"))
        int(components.month, width: 2)
        buffer.append(UInt8(ascii: "-"))
        int(components.day, width: 2)
    }

    mutating func endRow() throws {
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.flushSize { try flush() }
    }

    mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        try handle.close()
    }
}

/// The generator could not write its workspace.
public enum GeneratorError: Error, Sendable, CustomStringConvertible {
    case cannotWrite(String)
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): return "cannot write '\(path)'"
        case .invalidParameter(let message): return message
        }
    }
}
