import ImpactCore
import ImpactSources

/// A store of revisions over any backend: reading as of a revision, recording a submission or a
/// withdrawal under CLI.md's rules. The rules live here once; backends only keep rows.
public struct RevisionStore: Sendable {
    public let location: StoreLocation
    public let backend: any StoreBackend

    public init(location: StoreLocation, backend: any StoreBackend) {
        self.location = location
        self.backend = backend
    }

    /// Every revision, in recorded order.
    public func history() throws(StoreError) -> [Revision] {
        try backend.revisions()
    }

    /// The data as of a revision (the latest without a selector).
    ///
    /// `leavingInDatabase`: tables whose rows stay in the database because they are computed there (an
    /// `InDatabaseBackend` only); their live row counts are read instead.
    public func read(asOf selector: RevisionSelector?, leavingInDatabase: Set<CanonicalTable> = [])
        throws(StoreError) -> StoreSnapshot
    {
        let revisions = try backend.revisions()
        guard let latest = revisions.last else {
            throw .noSuchRevision("the store \(location) has no revisions yet: record one with 'impact ingest'")
        }
        let revision = try selector?.resolve(in: revisions) ?? latest
        if !leavingInDatabase.isEmpty, let backend = backend as? any InDatabaseBackend {
            return try backend.snapshot(at: revision.number, leavingInDatabase: leavingInDatabase)
        }
        return try backend.snapshot(at: revision.number)
    }

    /// A submission: the raw tables read from a workspace's sources (mapped, not yet typed) and the
    /// inputs they came from.
    public struct Submission: Sendable {
        public var tables: [CanonicalTable: [RawTable]]
        public var inputs: [InputFile]
        /// The folder as given.
        public var source: String
        public var message: String?
        /// UTC, `YYYY-MM-DDTHH:MM:SSZ`: asked once the store is locked for writing, so that a writer that
        /// waited for another records a time after the other's (read before the wait, two ingests started
        /// together could find their times out of order and one was refused).
        public var recordedAt: @Sendable () -> String

        public init(
            tables: [CanonicalTable: [RawTable]], inputs: [InputFile], source: String, message: String?,
            recordedAt: @autoclosure @escaping @Sendable () -> String
        ) {
            // A revision records where its rows came from: inputs read without digests cannot be recorded.
            precondition(inputs.allSatisfy { $0.sha256 != nil }, "a submission's inputs are read with their digests")
            self.tables = tables
            self.inputs = inputs
            self.source = source
            self.message = message
            self.recordedAt = recordedAt
        }
    }

    /// What recording gave: the revision and the warnings about the submission's own rows.
    public struct Outcome: Sendable {
        public let revision: Revision
        public let warnings: [Diagnostic]
    }

    /// Records a submission as the next revision. It replaces the rows CLI.md names and nothing else; the
    /// store's data after it is validated as a whole and, when invalid, nothing is recorded
    /// (`StoreError.refused` with every problem).
    public func ingest(_ submission: Submission, options: LoadOptions) throws -> Outcome {
        let ownSources = Set(submission.tables.values.flatMap { $0.map(\.source) })
        var warnings: [Diagnostic] = []
        let revision = try backend.record { snapshot in
            var change = try start(
                snapshot, options: options, recordedAt: submission.recordedAt(), kind: .submission,
                source: submission.source, sha256: Self.digest(of: submission.inputs), message: submission.message)
            var log = DiagnosticLog()
            var added: [CanonicalTable: [StoredRow]] = [:]
            var keys: [CanonicalTable: Set<String>] = [:]
            for (table, raws) in submission.tables {
                for raw in raws {
                    for row in RowKey.rows(of: raw, table: table, calendar: options.calendar) {
                        guard let row else { continue }
                        added[table, default: []].append(row)
                        keys[table, default: []].insert(row.rowKey)
                    }
                }
            }
            for (table, rows) in snapshot.rows {
                guard let replaced = keys[table] else { continue }
                let removed = rows.filter { replaced.contains($0.rowKey) }.map(\.id)
                if !removed.isEmpty { change.removed[table] = removed }
            }
            var merged = snapshot.rawTables(excluding: change.removed.mapValues(Set.init))
            for (table, raws) in submission.tables { merged[table, default: []] += raws }
            for table in CanonicalTable.allCases where table.isRequired && merged[table] == nil {
                log.error(
                    table.fileName,
                    "not found: the '\(table.rawValue)' table is required, and neither the store nor this submission has it"
                )
            }
            _ = CanonicalLoader(options: options).load(merged, log: &log)
            if log.hasErrors { throw StoreError.refused(log.errors) }
            warnings = log.warnings.filter { ownSources.contains($0.source) }
            change.added = added
            change.inputs = submission.inputs.compactMap { input in
                CanonicalTable(rawValue: input.table).map {
                    StoredInput(
                        revision: 0, source: input.source, table: $0, rows: input.rows, sha256: input.sha256 ?? "")
                }
            }
            return change
        }
        return Outcome(revision: revision, warnings: warnings)
    }

    /// Records a revision that removes every row of one organisation, the organisation included.
    /// `recordedAt` is asked once the store is locked for writing (see `Submission.recordedAt`).
    public func withdraw(
        _ organization: String, message: String?, recordedAt: @autoclosure @escaping @Sendable () -> String,
        options: LoadOptions
    ) throws -> Revision {
        let id = FieldText.trim(organization)
        return try backend.record { snapshot in
            var change = try start(
                snapshot, options: options, recordedAt: recordedAt(), kind: .withdrawal, source: "withdraw \(id)",
                sha256: SHA256Hex.digest(Array("withdraw\u{1F}\(id)".utf8)), message: message)
            guard snapshot.rows[.organizations]?.contains(where: { $0.orgKey == id }) == true else {
                throw StoreError.refused([
                    Diagnostic(
                        .error, source: "store", column: "org_id", value: id,
                        message: "is not an organisation in the store, so there is nothing to withdraw")
                ])
            }
            for table in [CanonicalTable.organizations, .financials, .engagements, .launches, .targets] {
                let removed = (snapshot.rows[table] ?? []).filter { $0.orgKey == id }.map(\.id)
                if !removed.isEmpty { change.removed[table] = removed }
            }
            var log = DiagnosticLog()
            _ = CanonicalLoader(options: options).load(
                snapshot.rawTables(excluding: change.removed.mapValues(Set.init)), log: &log)
            if log.hasErrors { throw StoreError.refused(log.errors) }
            return change
        }
    }

    /// The common start of a revision: the store's settings agree, the clock does not go back.
    private func start(
        _ snapshot: StoreSnapshot, options: LoadOptions, recordedAt: String, kind: Revision.Kind, source: String,
        sha256: String, message: String?
    ) throws -> StoreChange {
        var change = StoreChange(recordedAt: recordedAt, kind: kind, source: source, sha256: sha256, message: message)
        if snapshot.settings[StoreSchema.fiscalYearStartSetting] == nil {
            change.settings[StoreSchema.fiscalYearStartSetting] = String(options.calendar.startMonth)
        }
        try check(snapshot, calendar: options.calendar)
        if let latest = snapshot.revision, latest.recordedAt > recordedAt {
            throw StoreError.incompatible(
                "revision \(latest.number) was recorded at \(latest.recordedAt), after \(recordedAt): revisions are recorded in time order (check the clock)"
            )
        }
        return change
    }

    /// The SHA-256 of a submission: of its inputs' tables, sources and digests, one line each, sorted.
    static func digest(of inputs: [InputFile]) -> String {
        let lines = inputs.map { "\($0.table)\t\($0.source)\t\($0.sha256 ?? "")\n" }.sorted {
            $0.utf8.lexicographicallyPrecedes($1.utf8)
        }
        return SHA256Hex.digest(Array(lines.joined().utf8))
    }

    /// Checks that a run's settings agree with the store's (a report must read quarters as they were
    /// recorded).
    public func check(_ snapshot: StoreSnapshot, calendar: FiscalCalendar) throws(StoreError) {
        if let recorded = snapshot.settings[StoreSchema.fiscalYearStartSetting], recorded != String(calendar.startMonth)
        {
            throw .incompatible(
                "the store \(location) keeps fiscal quarters of a year starting in month \(recorded), and this run uses month \(calendar.startMonth): set fiscal_year_start: \(recorded) in impact.yml or pass --fiscal-year-start \(recorded)"
            )
        }
    }
}
