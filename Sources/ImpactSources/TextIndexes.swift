import Synchronization

/// Hands out the indexes of the parts' texts of long engagement ids (`EngagementIDs`): one per part of a
/// load, whichever thread makes the part.
final class TextIndexes: Sendable {
    private let next = Mutex(0)

    init() {}

    /// A new index.
    func take() -> Int {
        next.withLock { index in
            defer { index += 1 }
            return index
        }
    }

    /// How many were handed out.
    var count: Int { next.withLock { $0 } }
}
