import Foundation

/// A BCP 47 language tag for number and date formatting (`en-US`, `de-DE`, `es-419`), as given on the
/// command line or in impact.yml.
public enum LocaleTag {
    /// One to three parts of letters and digits, each at most eight, separated by `-`.
    public static func isWellFormed(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        return (1...3).contains(parts.count)
            && parts.allSatisfy {
                !$0.isEmpty && $0.count <= 8 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            }
    }

    /// Whether the ICU data the toolchain ships has the tag's locale: for any other tag Foundation
    /// formats silently with neutral rules (`€ 648558.40`, no grouping). The default `en-US` is answered
    /// without loading ICU's list of locales (a few milliseconds of a small report).
    public static func isKnown(_ tag: String) -> Bool {
        tag == "en-US" || Set(Locale.availableIdentifiers).contains(tag.replacingOccurrences(of: "-", with: "_"))
    }
}
