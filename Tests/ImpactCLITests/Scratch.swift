import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the CLI tests keep what they make, and who removes it: every temporary folder is made inside
/// one folder of this test process, and every PostgreSQL test database is recorded; both go when the
/// process exits, whether the tests passed or failed. (Before, each run of the suite left about 190
/// folders — some of 109 MB — in the temporary directory and every test database on the server.)
enum Scratch {
    /// This process's folder, made on first use; removing it is registered with `atexit`.
    static let root: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "impact-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        ).path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { Scratch.clean() }
        return path
    }()

    /// The test databases made so far: the connection options that reach the server, and the names.
    private static let databases = Locked<[(server: [String], name: String)]>([])

    /// A new empty folder inside `root`.
    static func folder(_ prefix: String) throws -> String {
        let path = (root as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Records a database made on a server (`server`: psql's connection options, `-d` included) to
    /// drop at exit.
    static func record(database name: String, server: [String]) {
        _ = root  // registers the clean-up
        databases.update { $0.append((server, name)) }
    }

    /// Removes the folder and drops the databases. Runs at exit, so it uses `system` rather than
    /// `Process` (whose monitoring thread is not to be relied on while the process ends); the
    /// arguments are quoted for the shell.
    static func clean() {
        try? FileManager.default.removeItem(atPath: root)
        let made = databases.get()
        for server in Set(made.map { $0.server.joined(separator: "\u{0}") }) {
            let names = made.filter { $0.server.joined(separator: "\u{0}") == server }.map(\.name)
            let drops = names.flatMap { ["-c", "DROP DATABASE IF EXISTS \"\($0)\" WITH (FORCE)"] }
            let words = ["psql", "-q", "-X"] + server.split(separator: "\u{0}").map(String.init) + drops
            _ = system(words.map(quoted).joined(separator: " ") + " >/dev/null 2>&1")
        }
    }

    private static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
