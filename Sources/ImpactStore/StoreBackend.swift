import ImpactSources

/// A database that keeps revisions: SQLite (GRDB) or PostgreSQL (postgres-nio). Backends only store and
/// read; which rows a submission replaces, and whether the result is valid, is decided once, in
/// `RevisionStore`, for all of them.
///
/// The calls are synchronous, as the CLI's commands are. The PostgreSQL backend waits for its async
/// driver: call it from a thread of your own (the CLI's main thread), never from a task on Swift's
/// concurrency pool, which it could exhaust (the tests run it on a `Thread` for that reason).
public protocol StoreBackend: Sendable {
    /// Every revision, in recorded order.
    func revisions() throws(StoreError) -> [Revision]
    /// The store's data as of revision `number` (0: empty).
    func snapshot(at number: Int) throws(StoreError) -> StoreSnapshot
    /// Takes the store's write lock, gives the latest snapshot to `plan` and records the change it returns
    /// as the next revision — all in one transaction: if `plan` throws, or the process dies, nothing is
    /// recorded. A lock held by another writer for longer than the backend waits is `StoreError.busy`.
    func record(_ plan: (StoreSnapshot) throws -> StoreChange) throws -> Revision
}

/// A backend that computes the built-in metrics inside the database.
public protocol InDatabaseBackend: StoreBackend {
    /// The values of `query`, for every reporting organisation and quarter of its range.
    func compute(_ query: InDatabaseQuery) throws(StoreError) -> InDatabaseQuery.Result

    /// The data as of revision `number`, except the rows of `tables`, which stay in the database: only
    /// their live row counts per input are read.
    func snapshot(at number: Int, leavingInDatabase tables: Set<CanonicalTable>) throws(StoreError) -> StoreSnapshot
}

/// Opens a backend for a location; an executable registers the kinds it was built with.
public struct StoreOpener: Sendable {
    public let handles: @Sendable (StoreLocation) -> Bool
    public let open: @Sendable (StoreLocation) throws(StoreError) -> any StoreBackend

    public init(
        handles: @escaping @Sendable (StoreLocation) -> Bool,
        open: @escaping @Sendable (StoreLocation) throws(StoreError) -> any StoreBackend
    ) {
        self.handles = handles
        self.open = open
    }
}
