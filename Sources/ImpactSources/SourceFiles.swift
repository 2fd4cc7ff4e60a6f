import Foundation

/// Finding a table's file in a folder source.
enum SourceFiles {
    /// The path (relative to the workspace) of a table's file and the candidates looked at (nil when a
    /// problem was already reported). A table found twice (in the folder and in `data/`, or as `.json` and
    /// `.ndjson`) is an error.
    static func locate(
        _ table: CanonicalTable, root: String, folder: String?, configured: String?, extensions: [String],
        log: inout DiagnosticLog
    ) -> (found: String?, candidates: [String]?) {
        func inFolder(_ name: String) -> [String] {
            guard let folder else { return [name, "data/" + name] }
            return [folder == "." || folder.isEmpty ? name : folder + "/" + name]
        }
        let candidates: [String]
        if let configured {
            candidates =
                configured.hasPrefix("/") ? [configured] : inFolder(configured).prefix(folder == nil ? 1 : 2).map { $0 }
        } else {
            candidates = extensions.flatMap { inFolder(table.rawValue + "." + $0) }
        }
        let found = candidates.filter { candidate in
            FileManager.default.fileExists(atPath: candidate.hasPrefix("/") ? candidate : root + "/" + candidate)
        }
        if found.count > 1 {
            log.error(found[1], "is a second file for table '\(table.rawValue)' beside '\(found[0])'; keep only one")
            return (nil, nil)
        }
        if found.isEmpty && configured != nil {
            log.error(candidates[0], "not found: the file configured for table '\(table.rawValue)'")
            return (nil, nil)
        }
        return (found.first, candidates)
    }
}
