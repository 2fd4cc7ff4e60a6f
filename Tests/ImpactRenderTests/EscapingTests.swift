import Foundation
import Testing

@testable import ImpactRender

@Suite struct EscapingTests {
    /// CommonMark's text back from its HTML (it writes &amp; &lt; &gt; &quot; for those four).
    func text(ofParagraph html: String) -> String {
        var body = html
        if body.hasPrefix("<p>") { body.removeFirst(3) }
        if body.hasSuffix("</p>\n") { body.removeLast(5) }
        return body.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test(arguments: [
        "<script>alert(1)</script>", "*bold* and _it_", "[link](javascript:alert(1))", "`code`", "# heading", "- item",
        "+ item", "1. first", "12) twelve", "> quote", "a | b | c", "&amp; &lt;", "![img](x.png)", "~~strike~~",
        "<http://example.com>", "---", "===", "\\*", "Acme, Inc. (the best)", "2026. A year", "46.7%", "-5%",
        "$x$", "[^1]", "<!-- c -->", "a\\", "**", "_", "[", "]", "Ünïcødé “quotes”",
    ])
    func markdownEscapingKeepsTextPlain(text: String) {
        let html = CommonMark.html(Escaping.markdown(text))
        #expect(html.hasPrefix("<p>"), "\(html)")
        #expect(self.text(ofParagraph: html) == text)
    }

    /// The fast paths (text returned as it is) only ever skip a rewrite that would change nothing.
    @Test func fastPathsAgreeWithTheFullRewrite() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] =
            Array("aZ 09-+=.)*_`[]|~#!$<>&\"'\\\n\r\t/é€“".unicodeScalars) + [
                "\u{00}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{2028}",
            ]
        var fast = 0
        var markdownFast = 0
        var digitsFast = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...6, using: &generator)
            var text = ""
            for _ in 0..<count { text.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            #expect(Escaping.markdown(text) == Escaping.rewriteMarkdown(text), "\(Array(text.unicodeScalars))")
            if Escaping.markdownUnchanged(text) {
                #expect(Escaping.rewriteMarkdown(text) == text, "\(Array(text.unicodeScalars))")
                markdownFast += 1
            }
            if text.unicodeScalars.first.map({ ("0"..."9").contains($0) }) == true, Escaping.markdownUnchanged(text) {
                digitsFast += 1
            }
            #expect(Escaping.html(text) == Escaping.rewriteHTML(text), "\(Array(text.unicodeScalars))")
            if Escaping.htmlUnchanged(text) { fast += 1 }
        }
        // The sample reaches the fast paths, not only the rewrites — texts starting with a digit too.
        #expect(fast > 1_000)
        #expect(markdownFast > 500)
        #expect(digitsFast > 20)
    }

    /// Report cells that start like a block marker but are none need no escape; those that are one do.
    @Test(arguments: [
        ("1,234.5", true), ("12 %", true), ("2026-Q3", true), ("-5", true), ("+3", true), ("==x", false),
        ("3.", false), ("3. x", false), ("3.5", true), ("12)", false), ("12)x", true), ("- x", false), ("-", false),
        ("--", false), ("€1,234", true), ("0", true),
    ])
    func cellsThatLookLikeMarkersOnlyAtFirstSight(text: String, unchanged: Bool) {
        #expect(Escaping.markdownUnchanged(text) == unchanged)
        #expect((Escaping.rewriteMarkdown(text) == text) == unchanged)
    }

    @Test func randomPunctuationStaysPlainText() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab1 *_`[]()<>!#|\\&;:-+=.~$\"'/?{}^@%")
        for _ in 0..<2_000 {
            var text = String(
                (0..<Int.random(in: 1...16, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            text = text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let html = CommonMark.html(Escaping.markdown(text))
            #expect(self.text(ofParagraph: html) == text, "\(text) → \(Escaping.markdown(text)) → \(html)")
        }
    }

    @Test func htmlEscapingCoversTextAndAttributes() {
        #expect(
            Escaping.html("<a href=\"x\" onclick='y'>&</a>")
                == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(Escaping.html("bell\u{7}") == "bell\u{FFFD}")
    }

    @Test func commonMarkRunsInSafeMode() {
        let html = CommonMark.html(
            "Hi <script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<div>raw</div>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<div>"))
        #expect(html.contains("raw HTML omitted"))
        #expect(
            CommonMark.html("**bold** and a [link](https://example.org)")
                == "<p><strong>bold</strong> and a <a href=\"https://example.org\">link</a></p>\n")
    }
}
