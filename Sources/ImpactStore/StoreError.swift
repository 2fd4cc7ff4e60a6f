import ImpactCore

/// A store cannot do what was asked. Messages never contain a password.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The store URL is malformed or names what is not supported.
    case invalidLocation(String)
    /// The store cannot be opened, read or written (the message names the store).
    case unavailable(String)
    /// Another process holds the store's write lock for too long: try again.
    case busy(String)
    /// `--as-of` names no revision.
    case noSuchRevision(String)
    /// The store was made with other settings (e.g. another fiscal year start) or by a newer version.
    case incompatible(String)
    /// The submission would leave the store's data invalid: every problem, nothing recorded.
    case refused([Diagnostic])

    public var description: String {
        switch self {
        case .invalidLocation(let message), .unavailable(let message), .busy(let message),
            .noSuchRevision(let message), .incompatible(let message):
            return message
        case .refused(let diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        }
    }
}
