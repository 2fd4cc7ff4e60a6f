import Foundation
import Testing

@testable import ImpactSources

/// A date layout is accepted when it has exactly one `YYYY`, `MM` and `DD` (any case) and only `.`, `/`,
/// `-` or spaces besides. The rule is checked on bytes; here against the same rule written with
/// Foundation's string functions, as it was before, on layouts made of those pieces and a few others.
@Suite struct DateFormatPatternTests {
    static func reference(_ pattern: String) -> String? {
        let upper = pattern.uppercased()
        guard upper.components(separatedBy: "YYYY").count == 2, upper.components(separatedBy: "MM").count == 2,
            upper.components(separatedBy: "DD").count == 2
        else { return nil }
        let rest = upper.replacingOccurrences(of: "YYYY", with: "").replacingOccurrences(of: "MM", with: "")
            .replacingOccurrences(of: "DD", with: "")
        guard rest.allSatisfy({ "./- ".contains($0) }) else { return nil }
        return upper
    }

    @Test(arguments: [
        "YYYY-MM-DD", "DD.MM.YYYY", "MM/DD/YYYY", "dd.mm.yyyy", "YYYY MM DD", "YYYYMMDD", "YYYY-MM", "YYYY-MM-DD-DD",
        "YYYYY-MM-DD", "YYYY-MMM-DD", "YYYY-MM-DDD", "YYYY_MM_DD", "YYYY-MM-DDT", "", "MDDM-YYYY", "DDMM YYYY",
        "YYYY–MM–DD", "ÿyyy-mm-dd",
    ])
    func knownLayouts(pattern: String) {
        #expect(DateFormat(pattern: pattern)?.pattern == Self.reference(pattern), "\(pattern)")
    }

    @Test func randomLayouts() {
        var generator = SystemRandomNumberGenerator()  // a failure names its layout
        let pieces = ["YYYY", "YY", "Y", "MM", "M", "DD", "D", "yyyy", "mm", "dd", ".", "/", "-", " ", "_", "T", "é"]
        var accepted = 0
        for _ in 0..<5000 {
            let pattern = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let expected = Self.reference(pattern)
            #expect(DateFormat(pattern: pattern)?.pattern == expected, "\(pattern)")
            if expected != nil { accepted += 1 }
        }
        #expect(accepted > 0)  // the layouts include accepted ones, not only refused ones
    }
}
