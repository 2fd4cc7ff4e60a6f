import Foundation
import ImpactStore
import Testing

@testable import ImpactPostgres

@Suite struct StoreLocationTests {
    @Test func urlsNameAFileOrAServerButNeverCarryAPassword() throws {
        #expect(try StoreLocation("store.db") == .sqlite(path: "store.db"))
        #expect(try StoreLocation("sqlite:data/s.db", relativeTo: "/w") == .sqlite(path: "/w/data/s.db"))
        #expect(try StoreLocation("/abs.db", relativeTo: "/w") == .sqlite(path: "/abs.db"))
        guard case .postgres(let address) = try StoreLocation("postgres://ann@db.example:6543/impact?sslmode=require")
        else {
            Issue.record("not postgres")
            return
        }
        #expect(address.user == "ann")
        #expect(address.host == "db.example")
        #expect(address.port == 6543)
        #expect(address.database == "impact")
        #expect(address.sslMode == "require")
        #expect(address.description == "postgres://ann@db.example:6543/impact")
        do {
            _ = try StoreLocation("postgres://ann:s3cret@db/impact")
            Issue.record("a password was accepted")
        } catch {
            #expect(!error.description.contains("s3cret"))
            #expect(error.description.contains("PGPASSWORD"))
        }
        #expect(throws: StoreError.self) { try StoreLocation("postgres://db:99999/x") }
        #expect(throws: StoreError.self) { try StoreLocation("mysql://db/x") }
        #expect(throws: StoreError.self) { try StoreLocation("postgres://db/x?password=y") }
    }

    @Test func pgpassLinesMatchWithWildcardsAndEscapes() throws {
        #expect(PGPass.fields(#"h:5432:d\:b:u:p\\w"#) == ["h", "5432", "d:b", "u", #"p\w"#])
        let file = (try Scratch.folder("pgpass") as NSString).appendingPathComponent("pass")
        try "# comment\nother:*:*:*:no\n*:5432:impact:ann:right\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let address = try PostgresAddress("postgres://ann@db/impact")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let pass = PGPass(environment: ["PGPASSFILE": file])
        #expect(pass.password(for: address, user: "ann", database: "impact").password == "right")
        #expect(pass.password(for: address, user: "bob", database: "impact").password == nil)
        #expect(
            PGPass(environment: ["PGPASSFILE": file, "PGPASSWORD": "env"]).password(
                for: address, user: "ann", database: "impact"
            ).password == "env")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let open = pass.password(for: address, user: "ann", database: "impact")
        #expect(open.password == nil)
        #expect(open.note?.contains("chmod 600") == true)
    }

    @Test func asOfTakesARevisionNumberOrADay() {
        #expect(RevisionSelector("3") == .number(3))
        #expect(RevisionSelector("2026-10-05")?.description == "2026-10-05")
        #expect(RevisionSelector("0") == nil)
        #expect(RevisionSelector("-1") == nil)
        #expect(RevisionSelector("+2") == nil)
        #expect(RevisionSelector("2026-02-30") == nil)
        #expect(RevisionSelector("yesterday") == nil)
    }
}
