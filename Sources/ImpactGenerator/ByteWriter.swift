import Foundation
import ImpactCore

/// Writes a large text file through a buffer of bytes, without building a `String` per row.
struct ByteWriter {
    private let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let flushSize = 1 << 22

    init(path: String) throws(GeneratorError) {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw .cannotWrite(path, SystemReason.text(errno: errno))
        }
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch {
            throw .cannotWrite(path, SystemReason.text(of: error))
        }
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

    mutating func endRow() throws(GeneratorError) {
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.flushSize { try flush() }
    }

    mutating func flush() throws(GeneratorError) {
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw .cannotWrite(path, SystemReason.text(of: error))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws(GeneratorError) {
        try flush()
        do {
            try handle.close()
        } catch {
            throw .cannotWrite(path, SystemReason.text(of: error))
        }
    }
}

/// The generator could not write its workspace.
public enum GeneratorError: Error, Sendable, CustomStringConvertible {
    /// A file or folder, and the system's reason (e.g. `No space left on device`).
    case cannotWrite(String, String)
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "cannot write '\(path)': \(reason)"
        case .invalidParameter(let message): return message
        }
    }
}
