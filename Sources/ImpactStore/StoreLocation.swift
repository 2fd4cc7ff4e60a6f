import Foundation

/// Where a store is: a SQLite file (`PATH` or `sqlite:PATH`) or a PostgreSQL database
/// (`postgres://user@host:port/database`). A password is refused in the URL — it comes from `PGPASSWORD`
/// or `~/.pgpass` — so that it never appears in a shell history, a log or a message.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// Parses a store URL; a relative SQLite path is taken relative to `root` when given.
    public init(_ url: String, relativeTo root: String? = nil) throws(StoreError) {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(try PostgresAddress(url))
            return
        }
        var path = url
        if path.hasPrefix("sqlite:") { path.removeFirst("sqlite:".count) }
        if path.hasPrefix("//") { path.removeFirst(2) }
        guard !path.isEmpty else { throw .invalidLocation("the store URL '\(url)' names no file") }
        if let scheme = path.split(separator: ":", maxSplits: 1).first, path.contains("://") {
            throw .invalidLocation(
                "the store URL scheme '\(scheme)' is not supported"
            )
        }
        if let root, !path.hasPrefix("/"), root != "." { path = root + "/" + path }
        self = .sqlite(path: path)
    }

    /// The URL without any secret, for messages and `impact history`.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let address): return address.description
        }
    }
}

/// A PostgreSQL server and database, without a password.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    public var user: String?
    public var host: String
    public var port: Int
    public var database: String?
    /// `disable`, `prefer` (default) or `require`, as libpq's `sslmode`.
    public var sslMode: String

    public init(_ url: String) throws(StoreError) {
        let scheme = url.hasPrefix("postgresql://") ? "postgresql://" : "postgres://"
        var rest = Substring(url.dropFirst(scheme.count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var authority = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }
        var hostPort = authority
        user = nil
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            guard !userInfo.contains(":") else {
                // The password is not quoted back: it would end up in a terminal and a log.
                throw .invalidLocation(
                    "the store URL must not contain a password: give postgres://user@host:port/database and set PGPASSWORD or use ~/.pgpass"
                )
            }
            user = Self.decode(userInfo)
            hostPort = authority[authority.index(after: at)...]
        }
        port = 5432
        host = String(hostPort)
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw .invalidLocation(
                    "the port in the store URL '\(Self.redacted(url))' is not a number from 1 to 65535")
            }
            port = number
            host = String(hostPort[..<colon])
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "localhost" }
        database = path.isEmpty ? nil : Self.decode(path)
        sslMode = "prefer"
        for item in query.split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0] == "sslmode", ["disable", "prefer", "require"].contains(pair[1]) else {
                throw .invalidLocation(
                    "the store URL option '\(pair[0])' is not supported (only sslmode=disable|prefer|require)")
            }
            sslMode = pair[1]
        }
    }

    public var description: String {
        let userPart = user.map { $0 + "@" } ?? ""
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(userPart)\(hostPart):\(port)/\(database ?? "")"
    }

    /// A URL with anything between `://` and `@` removed, for a message about a malformed URL.
    static func redacted(_ url: String) -> String {
        guard let start = url.range(of: "://"), let at = url.lastIndex(of: "@"), at > start.upperBound else {
            return url
        }
        return String(url[..<start.upperBound]) + "…" + String(url[at...])
    }

    private static func decode(_ text: Substring) -> String {
        text.removingPercentEncoding ?? String(text)
    }
}
