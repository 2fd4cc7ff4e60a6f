/// One recorded revision of a store: a submission or a withdrawal. Never changed once recorded.
public struct Revision: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case submission, withdrawal
    }

    /// 1, 2, 3 … in the order recorded.
    public let number: Int
    /// UTC, ISO 8601 to the second (`2026-10-05T09:00:00Z`).
    public let recordedAt: String
    public let kind: Kind
    /// Where the submission came from (the folder as given), or the withdrawn organisation.
    public let source: String
    /// Lower-case hex SHA-256 identifying the submission: of its inputs' digests, or of the withdrawal.
    public let sha256: String
    public let message: String?
    public let rowsAdded: Int
    public let rowsRemoved: Int

    public init(
        number: Int, recordedAt: String, kind: Kind, source: String, sha256: String, message: String?, rowsAdded: Int,
        rowsRemoved: Int
    ) {
        self.number = number
        self.recordedAt = recordedAt
        self.kind = kind
        self.source = source
        self.sha256 = sha256
        self.message = message
        self.rowsAdded = rowsAdded
        self.rowsRemoved = rowsRemoved
    }

    /// The UTC day it was recorded on, `YYYY-MM-DD`.
    public var day: Substring { recordedAt.prefix(10) }
}
