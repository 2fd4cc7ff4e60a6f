import ImpactCore
import ImpactSources
import ImpactStore
import Testing

/// CLI.md's replacement rules, on hand-made tables, against every backend: what a submission replaces,
/// what it leaves alone, and that every earlier revision stays readable exactly as it was.
@Suite struct ReplacementRuleTests {
    static let options = LoadOptions(knownMetrics: ["revenue.total"])

    static func table(_ source: String, _ header: String, _ lines: [String]) -> RawTable {
        RawTable(
            source: source, header: header.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
            records: lines.enumerated().map { index, line in
                RawRecord(
                    row: index + 2,
                    fields: line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
            })
    }

    static func submission(_ tables: [CanonicalTable: RawTable], at time: String) -> RevisionStore.Submission {
        RevisionStore.Submission(
            tables: tables.mapValues { [$0] },
            inputs: tables.map {
                InputFile(source: $0.value.source, table: $0.key.rawValue, rows: $0.value.records.count, sha256: "00")
            }, source: "test", message: nil, recordedAt: time)
    }

    static let base: [CanonicalTable: RawTable] = [
        .organizations: table("organizations.csv", "org_id,name,sector", ["a,Alpha,J", "b,Beta,C"]),
        .financials: table(
            "financials.csv", "org_id,period,revenue",
            ["a,2026-07,10", "a,2026-08,20", "a,2026-09,30", "a,2026-Q2,50", "b,2026Q3,70"]),
        .partners: table("partners.csv", "partner_id,name,actor_type", ["p1,Uni,research", "p2,Bank,financial"]),
        .engagements: table(
            "engagements.csv", "engagement_id,org_id,partner_id,kind,started_on",
            ["e1,a,p1,mentoring,2026-07-01", "e2,a,p2,loan,2026-08-01", "e3,b,p1,event,2026-07-03"]),
        .targets: table(
            "targets.csv", "org_id,metric,period,target", [",revenue.total,2026-Q3,10", "a,revenue.total,2026-Q3,99"]),
    ]

    /// The live rows of a table as `source:row` labels and first two fields, sorted.
    static func rows(_ snapshot: StoreSnapshot, _ table: CanonicalTable) -> [String] {
        (snapshot.rows[table] ?? []).map { "\($0.addedIn):\($0.fields[0]),\($0.fields[1])" }.sorted()
    }

    @Test(arguments: StoreBackends.available)
    func aSubmissionReplacesOnlyTheRowsItsKeysName(kind: StoreBackends.Kind) async throws {
        try await onThread { try Self.replaces(kind) }
    }

    static func replaces(_ kind: StoreBackends.Kind) throws {
        let store = try StoreBackends.fresh(kind)
        let first = try store.ingest(submission(base, at: "2026-10-01T09:00:00Z"), options: options)
        #expect(first.revision.number == 1)
        #expect(first.revision.rowsAdded == 14)

        // Quarter row for a's 2026-Q3 (given as months before), one engagement of a, an updated and a new
        // partner, a new general target set.
        let correction: [CanonicalTable: RawTable] = [
            .financials: table("fix/financials.csv", "org_id,period,revenue", ["a,2026-Q3,66"]),
            .engagements: table(
                "fix/engagements.csv", "engagement_id,org_id,partner_id,kind,started_on",
                ["e9,a,p3,grant,2026-09-01"]),
            .partners: table(
                "fix/partners.csv", "partner_id,name,actor_type", ["p1,University,research", "p3,Agency,government"]),
            .targets: table("fix/targets.csv", "org_id,metric,period,target", [",revenue.total,2026-Q3,11"]),
        ]
        let second = try store.ingest(submission(correction, at: "2026-10-02T09:00:00Z"), options: options)
        #expect(second.revision.number == 2)
        #expect(second.revision.rowsAdded == 5)
        // a's three months, a's two engagements, p1, the general target.
        #expect(second.revision.rowsRemoved == 7)

        let now = try store.read(asOf: nil)
        #expect(now.revision?.number == 2)
        #expect(rows(now, .financials) == ["1:a,2026-Q2", "1:b,2026Q3", "2:a,2026-Q3"])
        #expect(rows(now, .engagements) == ["1:e3,b", "2:e9,a"])
        #expect(rows(now, .partners) == ["1:p2,Bank", "2:p1,University", "2:p3,Agency"])
        #expect(rows(now, .targets) == ["1:a,revenue.total", "2:,revenue.total"])
        #expect(rows(now, .organizations) == ["1:a,Alpha", "1:b,Beta"])

        let then = try store.read(asOf: .number(1))
        #expect(then.revision?.number == 1)
        for table in CanonicalTable.allCases {
            #expect(rows(then, table).count == base[table]?.records.count ?? 0, "\(table)")
        }
        #expect(
            rows(then, .financials) == ["1:a,2026-07", "1:a,2026-08", "1:a,2026-09", "1:a,2026-Q2", "1:b,2026Q3"])
        #expect(rows(then, .partners) == ["1:p1,Uni", "1:p2,Bank"])
        #expect(try store.read(asOf: .day(CalendarDate(iso: "2026-10-01")!)).revision?.number == 1)
        #expect(try store.read(asOf: .day(CalendarDate(iso: "2026-10-02")!)).revision?.number == 2)
        #expect(throws: StoreError.self) { try store.read(asOf: .day(CalendarDate(iso: "2026-09-30")!)) }
        #expect(throws: StoreError.self) { try store.read(asOf: .number(3)) }
        // The provenance of a read names each live input with its revision.
        #expect(now.inputFiles.map(\.source).contains("fix/financials.csv@r2"))
        #expect(then.inputFiles.allSatisfy { $0.source.hasSuffix("@r1") })
    }

    @Test(arguments: StoreBackends.available)
    func monthsBelongToTheFiscalQuarterOfTheStoresCalendar(kind: StoreBackends.Kind) async throws {
        try await onThread { try Self.fiscal(kind) }
    }

    static func fiscal(_ kind: StoreBackends.Kind) throws {
        let store = try StoreBackends.fresh(kind)
        var options = Self.options
        options.calendar = FiscalCalendar(startMonth: 4)!
        _ = try store.ingest(submission(base, at: "2026-10-01T09:00:00Z"), options: options)
        // With the year starting in April, July–September 2026 is 2027-Q2.
        let fix = [CanonicalTable.financials: table("f.csv", "org_id,period,revenue", ["a,2027-Q2,1"])]
        let outcome = try store.ingest(submission(fix, at: "2026-10-01T10:00:00Z"), options: options)
        #expect(outcome.revision.rowsRemoved == 3)
        // Another calendar is refused rather than mixing quarters.
        #expect(throws: StoreError.self) {
            try store.ingest(submission(fix, at: "2026-10-01T11:00:00Z"), options: Self.options)
        }
        #expect(try store.history().count == 2)
    }

    @Test(arguments: StoreBackends.available)
    func anInvalidResultIsRefusedAndRecordedNowhere(kind: StoreBackends.Kind) async throws {
        try await onThread { try Self.refuses(kind) }
    }

    static func refuses(_ kind: StoreBackends.Kind) throws {
        let store = try StoreBackends.fresh(kind)
        _ = try store.ingest(submission(base, at: "2026-10-01T09:00:00Z"), options: options)
        let bad = [
            CanonicalTable.financials: table(
                "bad/financials.csv", "org_id,period,revenue", ["a,2026-Q3,5", "zz,2026-Q3,5", "b,2026-Q3,-1"])
        ]
        do {
            _ = try store.ingest(submission(bad, at: "2026-10-02T09:00:00Z"), options: options)
            Issue.record("an invalid submission was recorded")
        } catch StoreError.refused(let diagnostics) {
            let text = diagnostics.map(\.description)
            #expect(text.contains { $0.hasPrefix("bad/financials.csv:3: column 'org_id': 'zz'") }, "\(text)")
            #expect(text.contains { $0.hasPrefix("bad/financials.csv:4: column 'revenue': '-1'") }, "\(text)")
        }
        #expect(try store.history().count == 1)
        #expect(rows(try store.read(asOf: nil), .financials).count == 5)
        // A clock that goes back is refused too.
        #expect(throws: StoreError.self) {
            try store.ingest(submission(base, at: "2026-09-01T09:00:00Z"), options: options)
        }
    }

    @Test(arguments: StoreBackends.available)
    func aWithdrawalRemovesEveryRowOfTheOrganisationOnly(kind: StoreBackends.Kind) async throws {
        try await onThread { try Self.withdraws(kind) }
    }

    static func withdraws(_ kind: StoreBackends.Kind) throws {
        let store = try StoreBackends.fresh(kind)
        _ = try store.ingest(submission(base, at: "2026-10-01T09:00:00Z"), options: options)
        let revision = try store.withdraw(" a ", message: "left", recordedAt: "2026-10-03T00:00:00Z", options: options)
        #expect(revision.number == 2)
        #expect(revision.kind == .withdrawal)
        #expect(revision.rowsRemoved == 1 + 4 + 2 + 1)
        let now = try store.read(asOf: nil)
        #expect(rows(now, .organizations) == ["1:b,Beta"])
        #expect(rows(now, .financials) == ["1:b,2026Q3"])
        #expect(rows(now, .partners).count == 2)
        #expect(rows(now, .targets) == ["1:,revenue.total"])
        #expect(rows(try store.read(asOf: .number(1)), .organizations).count == 2)
        #expect(throws: StoreError.self) {
            try store.withdraw("nobody", message: nil, recordedAt: "2026-10-04T00:00:00Z", options: options)
        }
        #expect(try store.history().map(\.message) == [nil, "left"])
    }

    /// A revision's time is asked when the store is locked for writing, not when the submission is made:
    /// a writer that waited for another records a time after the other's instead of being refused.
    @Test func theTimeIsReadWhenRecorded() async throws {
        try await onThread {
            let store = try StoreBackends.fresh(.sqlite)
            _ = try store.ingest(Self.submission(Self.base, at: "2026-10-02T00:00:00Z"), options: Self.options)
            final class Clock: @unchecked Sendable { var asked = 0 }
            let clock = Clock()
            var submission = Self.submission(Self.base, at: "")
            submission.recordedAt = {
                clock.asked += 1
                return "2026-10-03T00:00:00Z"
            }
            #expect(clock.asked == 0)
            let revision = try store.ingest(submission, options: Self.options).revision
            #expect(clock.asked == 1)
            #expect(revision.recordedAt == "2026-10-03T00:00:00Z")
        }
    }

    /// Skipped, with the reason in the test output, when no PostgreSQL server is given.
    @Test(.enabled(if: StoreBackends.postgresURL != nil, Comment(rawValue: StoreBackends.skipMessage)))
    func postgresIsReachable() async throws {
        let store = try StoreBackends.fresh(.postgres)
        #expect(try await onThread { try store.history() }.isEmpty)
    }
}
