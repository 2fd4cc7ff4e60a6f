import Foundation
import ImpactTemplates
import Testing

/// WCAG 2.1 AA: text colours of the default style against the backgrounds they are used on, in the light,
/// dark and print schemes, have a contrast ratio of at least 4.5:1.
@Suite struct ContrastTests {
    static func variables(in block: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for match in block.matches(of: /--([a-z0-9]+):\s*(#[0-9a-fA-F]{6})/) {
            result[String(match.1)] = String(match.2)
        }
        return result
    }

    static func luminance(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16)!
        let channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map { Double($0) / 255 }
        let linear = channels.map { $0 <= 0.04045 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test func textColoursMeetAAInEveryScheme() throws {
        let css = try #require(DefaultTemplates.text(named: "report.css"))
        let light = try #require(css.firstRange(of: ":root {")).upperBound
        let dark = try #require(css.range(of: "@media (prefers-color-scheme: dark)")).upperBound
        let print = try #require(css.range(of: "@media print")).upperBound
        /// The declarations of the first rule block at or after `start`, up to its closing brace.
        func block(from start: String.Index) throws -> Substring {
            let end = try #require(css[start...].firstIndex(of: "}"))
            return css[start..<end]
        }
        let schemes = [
            ("light", Self.variables(in: try block(from: light))),
            ("dark", Self.variables(in: try block(from: dark))),
            ("print", Self.variables(in: try block(from: print))),
        ]
        for (scheme, colours) in schemes {
            for text in ["fg", "muted", "good", "bad", "warn", "info"] {
                for background in ["bg", "panel"] {
                    let (foreground, back) = (
                        try #require(colours[text], "\(scheme) --\(text)"), try #require(colours[background])
                    )
                    #expect(Self.contrast(foreground, back) >= 4.5, "\(scheme): --\(text) on --\(background)")
                }
            }
        }
    }
}
