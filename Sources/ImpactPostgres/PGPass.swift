import Foundation
import ImpactStore

/// The password for a PostgreSQL address, as libpq finds it: `PGPASSWORD`, else the first matching line
/// of `~/.pgpass` (or `PGPASSFILE`) — `hostname:port:database:username:password`, `*` matching anything,
/// `\:` and `\\` escaped — which is ignored, as libpq ignores it, when others may read it.
struct PGPass {
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The password, or nil, and a note for an authentication failure (never the password itself).
    func password(for address: PostgresAddress, user: String, database: String) -> (password: String?, note: String?) {
        if let password = environment["PGPASSWORD"] { return (password, nil) }
        let path = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { return (nil, nil) }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            return (nil, "\(path) was ignored because others may read it (run chmod 600 \(path))")
        }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.fields(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [address.host, String(address.port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return (fields[4], nil) }
        }
        return (nil, nil)
    }

    /// Splits a line at unescaped colons.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
