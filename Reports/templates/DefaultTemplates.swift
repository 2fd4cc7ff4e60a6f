import Foundation

/// The default report layout: `report.html.mustache`, `report.md.mustache` and `report.css` in this
/// folder, shipped as resources of the `ImpactTemplates` module.
public enum DefaultTemplates {
    /// The text of a default template, nil if the resource is missing.
    public static func text(named name: String) -> String? {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
