import Foundation
import Testing

@testable import ImpactSources

@Suite struct TextEncodingTests {
    /// The bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D have no character in Windows-1252: kept as the C1
    /// controls they are in Latin-1 (nothing a user gave is lost).
    static let undefinedInWindows1252: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

    /// Every byte's character, checked against Foundation's decoders, alone and in a long random text
    /// (every position written, none left over).
    @Test(arguments: [TextEncoding.latin1, .windows1252])
    func everyByteBecomesItsCharacter(encoding: TextEncoding) throws {
        for byte in UInt8.min...UInt8.max {
            let expected: String
            if encoding == .windows1252 && Self.undefinedInWindows1252.contains(byte) {
                expected = String(Character(Unicode.Scalar(byte)))
            } else {
                let decoded = String(
                    data: Data([byte]), encoding: encoding == .latin1 ? .isoLatin1 : .windowsCP1252)
                expected = try #require(decoded, "byte \(byte)")
            }
            #expect(encoding.utf8([byte]) == Array(expected.utf8), "byte \(byte)")
        }
        var generator = SystemRandomNumberGenerator()
        let text = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let expected = text.flatMap { encoding.utf8([$0]) }
        #expect(encoding.utf8(text) == expected)
        #expect(encoding.utf8([]) == [])
    }

    /// UTF-8 is taken as it is.
    @Test func utf8IsKept() {
        let bytes: [UInt8] = [0x41, 0xC3, 0xBC, 0xE2, 0x82, 0xAC]
        #expect(TextEncoding.utf8.utf8(bytes) == bytes)
    }
}
