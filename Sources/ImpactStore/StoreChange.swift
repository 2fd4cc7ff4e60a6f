import ImpactSources

/// What one revision records: its description, the live rows it removes (by id) and the rows it adds.
public struct StoreChange: Sendable {
    public var recordedAt: String
    public var kind: Revision.Kind
    public var source: String
    public var sha256: String
    public var message: String?
    public var removed: [CanonicalTable: [Int64]] = [:]
    /// New rows; their `addedIn` is set by the backend to the new revision's number.
    public var added: [CanonicalTable: [StoredRow]] = [:]
    public var inputs: [StoredInput] = []
    /// Settings to record (only those not recorded yet).
    public var settings: [String: String] = [:]

    public init(recordedAt: String, kind: Revision.Kind, source: String, sha256: String, message: String?) {
        self.recordedAt = recordedAt
        self.kind = kind
        self.source = source
        self.sha256 = sha256
        self.message = message
    }

    public var rowsAdded: Int { added.values.reduce(0) { $0 + $1.count } }
    public var rowsRemoved: Int { removed.values.reduce(0) { $0 + $1.count } }
}
