/// The default report layout: `report.html.mustache`, `report.md.mustache` and `report.css` in this
/// folder, embedded in the code of the `ImpactTemplates` module (SwiftPM's `embedInCode`), so that the
/// `impact` executable carries them wherever it is copied.
public enum DefaultTemplates {
    /// The text of a default template, nil for a name that is not one.
    public static func text(named name: String) -> String? {
        let bytes: [UInt8]
        switch name {
        case "report.html.mustache": bytes = PackageResources.report_html_mustache
        case "report.md.mustache": bytes = PackageResources.report_md_mustache
        case "report.css": bytes = PackageResources.report_css
        default: return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
