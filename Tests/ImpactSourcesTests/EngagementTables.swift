@testable import ImpactSources

/// Small tables around an engagements file: organisations `acme` and `bolt`, partner `uni`, one quarter
/// of financials.
enum EngagementTables {
    static func with(_ engagements: [UInt8], log: inout DiagnosticLog) -> [CanonicalTable: [RawTable]] {
        func table(_ name: String, _ text: String) -> [RawTable] {
            [CSVFolderSource.parse(Array(text.utf8), source: name, log: &log)]
        }
        return [
            .organizations: table("organizations.csv", "org_id,name\nacme,Acme\nbolt,Bolt\n"),
            .financials: table("financials.csv", "org_id,period,revenue\nacme,2026-Q1,100\n"),
            .partners: table("partners.csv", "partner_id,name,actor_type\nuni,Uni,research\n"),
            .engagements: [CSVFolderSource.parse(engagements, source: "engagements.csv", log: &log)],
        ]
    }
}
