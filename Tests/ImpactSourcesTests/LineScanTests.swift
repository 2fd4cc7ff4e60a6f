import Testing

@testable import ImpactSources

/// The block- and word-at-a-time line scan against the byte-by-byte definitions it replaced: every byte
/// value in every position of a block and of a word, and random text full of line ends, carriage returns, tabs, controls, DEL
/// and non-ASCII bytes, scanned over random ranges (so words start anywhere).
@Suite struct LineScanTests {
    @Test func masksMarkExactlyTheBytesTheyName() {
        for byte in 0...255 {
            for position in 0..<8 {
                // The byte among plain filler, and among bytes that are each other kind.
                for filler: UInt8 in [0x41, 0x0A, 0x09, 0x00, 0xFF, 0x7F, 0x20, 0x80] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = UInt8(byte)
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    for index in 0..<8 {
                        let bit = UInt64(0x80) << (8 * index)
                        #expect((LineScan.matches(word, 0x0A) & bit != 0) == (bytes[index] == 0x0A))
                        #expect((LineScan.notPlain(word) & bit != 0) == !CSVReader.isPlain(bytes[index]))
                    }
                    #expect(LineScan.matches(word, 0x0A) & ~0x8080_8080_8080_8080 == 0)
                    #expect(LineScan.notPlain(word) & ~0x8080_8080_8080_8080 == 0)
                }
            }
        }
    }

    /// Sixteen bytes at a time (`impact_scan16`, four of them for `LineScan.block64`): one bit per byte, set
    /// exactly for the bytes named, every byte value in every position.
    @Test func blockMasksMarkExactlyTheBytesTheyName() {
        for byte in 0...255 {
            for position in 0..<64 {
                for filler: UInt8 in [0x41, 0x0A, 0x09, 0x00, 0xFF, 0x7F, 0x20, 0x80, 0x2C] {
                    var bytes = [UInt8](repeating: filler, count: 64)
                    bytes[position] = UInt8(byte)
                    for looked: UInt8 in [0x0A, 0x2C, 0x09] {
                        let (matches, notPlain) = bytes.withUnsafeBufferPointer {
                            LineScan.block64($0.baseAddress!, looked)
                        }
                        var expectedMatches: UInt64 = 0
                        var expectedNotPlain: UInt64 = 0
                        for index in 0..<64 {
                            if bytes[index] == looked { expectedMatches |= 1 << index }
                            if !CSVReader.isPlain(bytes[index]) { expectedNotPlain |= 1 << index }
                        }
                        guard matches == expectedMatches, notPlain == expectedNotPlain else {
                            Issue.record("byte \(byte) at \(position) among \(filler), looking for \(looked)")
                            return
                        }
                    }
                }
            }
        }
    }

    @Test func linesAndCountsAreTheByteByByteOnes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("abc,019 ".utf8) + [0x0A, 0x0A, 0x0D, 0x09, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<3_000 {
            // Long enough for whole 64-byte blocks, their words and the bytes after them.
            let count = Int.random(in: 0...300, using: &generator)
            let bytes = (0..<count).map { _ in
                // Mostly plain text, so that long plain runs and lines occur.
                Bool.random(using: &generator) ? UInt8(ascii: "x") : alphabet.randomElement(using: &generator)!
            }
            let lower = Int.random(in: 0...count, using: &generator)
            let upper = Int.random(in: lower...count, using: &generator)
            let range = lower..<upper
            var expected: [(Int, Int, Bool)] = []
            var start = lower
            for index in range where bytes[index] == 0x0A {
                expected.append((start, index, bytes[start..<index].allSatisfy(CSVReader.isPlain)))
                start = index + 1
            }
            if start < upper { expected.append((start, upper, bytes[start..<upper].allSatisfy(CSVReader.isPlain))) }
            var found: [(Int, Int, Bool)] = []
            bytes.withUnsafeBufferPointer { buffer in
                LineScan.forEachLine(buffer, range) { found.append(($0, $1, $2)) }
            }
            #expect(found.map(\.0) == expected.map(\.0), "\(bytes) \(range)")
            #expect(found.map(\.1) == expected.map(\.1), "\(bytes) \(range)")
            #expect(found.map(\.2) == expected.map(\.2), "\(bytes) \(range)")
        }
    }
}
