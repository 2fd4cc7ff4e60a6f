import ImpactCore

/// The input files a workspace's sources read, by source name, some of whose SHA-256 may still be being
/// made: a large CSV file is hashed on a thread of its own while the loader types the tables (asked for
/// right after the file was cut into lines, the digest kept the reader waiting with a core idle — 0.14 s of
/// a full-size report, perf timeline). `files` waits for every digest.
public struct InputList: Sendable {
    struct Entry: Sendable {
        let source: String
        let table: String
        let rows: Int
        /// nil: read without hashing.
        let digest: Eventual<String>?
    }

    private(set) var entries: [Entry] = []

    public init() {}

    /// The inputs with their digests (waiting for those still being made).
    public var files: [InputFile] {
        entries.map { InputFile(source: $0.source, table: $0.table, rows: $0.rows, sha256: $0.digest?.value) }
    }

    /// An input whose digest is known (or that has none).
    public mutating func append(_ file: InputFile) {
        entries.append(
            Entry(
                source: file.source, table: file.table, rows: file.rows, digest: file.sha256.map({ Eventual(made: $0) })
            )
        )
    }

    /// An input whose digest `digest` may still be making (nil: read without hashing).
    mutating func append(source: String, table: String, rows: Int, digest: Eventual<String>?) {
        entries.append(Entry(source: source, table: table, rows: rows, digest: digest))
    }

    mutating func append(contentsOf other: InputList) {
        entries += other.entries
    }

    /// By source name, as files are listed.
    mutating func sort() {
        entries.sort { $0.source.utf8.lexicographicallyPrecedes($1.source.utf8) }
    }
}
