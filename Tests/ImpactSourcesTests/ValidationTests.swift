import Foundation
import ImpactCore
import Testing

/// One defect per case: the exact message, with file, row, column and value, and no dataset.
struct Defect: CustomTestStringConvertible, Sendable {
    let name: String
    let file: String
    let line: Int?
    let text: String
    let message: String

    init(_ name: String, _ file: String, line: Int? = nil, _ text: String, _ message: String) {
        self.name = name
        self.file = file
        self.line = line
        self.text = text
        self.message = message
    }

    var testDescription: String { name }
}

@Suite struct ValidationTests {
    @Test func theFixtureIsValid() throws {
        let loaded = try Fixture().load()
        #expect(loaded.errors == [])
        #expect(loaded.warnings == [])
        #expect(loaded.dataset?.organizations.count == 2)
    }

    static let defects: [Defect] = [
        Defect(
            "impossible date", "engagements.csv", line: 2, "e1,acme,uni,joint_project,2026-13-01,,1000,",
            "engagements.csv:2: column 'started_on': '2026-13-01' is not a valid date (YYYY-MM-DD)"),
        Defect(
            "leap day of a common year", "launches.csv", line: 2, "p1,acme,Widget,2025-02-29,2026-02-01,yes",
            "launches.csv:2: column 'started_on': '2025-02-29' is not a valid date (YYYY-MM-DD)"),
        Defect(
            "numeric prefix", "financials.csv", line: 2, "acme,2026-Q1,12k,80,10,5,",
            "financials.csv:2: column 'revenue': '12k' is not a number (up to 15 digits, optionally '.' and up to 6 decimals, e.g. 1234.56)"
        ),
        Defect(
            "grouping", "financials.csv", line: 2, "acme,2026-Q1,\"1,234.56\",80,10,5,",
            "financials.csv:2: column 'revenue': '1,234.56' is not a number (up to 15 digits, optionally '.' and up to 6 decimals, e.g. 1234.56)"
        ),
        Defect(
            "exponent", "financials.csv", line: 3, "acme,2026-Q2,110,1e5,12,6,",
            "financials.csv:3: column 'operating_costs': '1e5' is not a number (up to 15 digits, optionally '.' and up to 6 decimals, e.g. 1234.56)"
        ),
        Defect(
            "NaN", "engagements.csv", line: 2, "e1,acme,uni,joint_project,2026-01-10,,NaN,",
            "engagements.csv:2: column 'value': 'NaN' is not a number (up to 15 digits, optionally '.' and up to 6 decimals, e.g. 1234.56)"
        ),
        Defect(
            "seven decimals", "fx_rates.csv", line: 2, "USD,2026-Q1,0.9000001",
            "fx_rates.csv:2: column 'rate': '0.9000001' is not a number (up to 15 digits, optionally '.' and up to 6 decimals, e.g. 1234.56)"
        ),
        Defect(
            "negative revenue", "financials.csv", line: 2, "acme,2026-Q1,-5,80,0,5,",
            "financials.csv:2: column 'revenue': '-5' must not be negative"),
        Defect(
            "negative engagement value", "engagements.csv", line: 2, "e1,acme,uni,joint_project,2026-01-10,,-1,",
            "engagements.csv:2: column 'value': '-1' must not be negative"),
        Defect(
            "ecosystem revenue above revenue", "financials.csv", line: 2, "acme,2026-Q1,100,80,100.01,5,",
            "financials.csv:2: column 'ecosystem_revenue': '100.01' is more than the revenue '100' of the same row"),
        Defect(
            "unknown size band", "organizations.csv", line: 2, "acme,Acme,C,North,huge,",
            "organizations.csv:2: column 'size_band': 'huge' is not one of micro, small, medium, large"),
        Defect(
            "unknown actor type", "partners.csv", line: 2, "uni,University,university,P,North",
            "partners.csv:2: column 'actor_type': 'university' is not one of smb, large_enterprise, support_org, research, financial, government, infrastructure, other"
        ),
        Defect(
            "unknown engagement kind", "engagements.csv", line: 2, "e1,acme,uni,party,2026-01-10,,1000,",
            "engagements.csv:2: column 'kind': 'party' is not one of joint_project, grant, investment, loan, mentoring, training, event, shared_facility, license, procurement, talent"
        ),
        Defect(
            "quarter five", "financials.csv", line: 2, "acme,2026-Q5,100,80,10,5,",
            "financials.csv:2: column 'period': '2026-Q5' is not a fiscal quarter (YYYY-Qn) or a month (YYYY-MM)"),
        Defect(
            "month thirteen", "financials.csv", line: 2, "acme,2026-13,100,80,10,5,",
            "financials.csv:2: column 'period': '2026-13' is not a fiscal quarter (YYYY-Qn) or a month (YYYY-MM)"),
        Defect(
            "same quarter written twice", "financials.csv", line: 3, "acme,2026Q1,110,82,12,6,",
            "financials.csv:3: column 'period': '2026-Q1' repeats the financials of 'acme' for '2026-Q1' (first at row 2)"
        ),
        Defect(
            "quarter and its months", "financials.csv", line: 3, "acme,2026-02,110,82,12,6,",
            "financials.csv:3: column 'period': '2026-02' is a month of '2026-Q1', for which 'acme' also has a quarter row (row 2)"
        ),
        Defect(
            "a quarter row after its months", "financials.csv", line: 6, "bolt,2026-Q1,10,8,1,1,",
            "financials.csv:6: column 'period': '2026-Q1' gives 'bolt' a quarter row for '2026-Q1', which also has month rows (first at row 4)"
        ),
        Defect(
            "month twice", "financials.csv", line: 5, "bolt,2026-01,10,8,1,1,",
            "financials.csv:5: column 'period': '2026-01' repeats the financials of 'bolt' for '2026-01' (first at row 4)"
        ),
        Defect(
            "required id empty", "financials.csv", line: 2, " ,2026-Q1,100,80,10,5,",
            "financials.csv:2: column 'org_id': is empty; a value is required"),
        Defect(
            "unknown organisation", "financials.csv", line: 2, "zeta,2026-Q1,100,80,10,5,",
            "financials.csv:2: column 'org_id': 'zeta' is not in organizations"),
        Defect(
            "unknown partner", "engagements.csv", line: 2, "e1,acme,nobody,joint_project,2026-01-10,,1000,",
            "engagements.csv:2: column 'partner_id': 'nobody' is not in partners"),
        Defect(
            "organisation twice", "organizations.csv", line: 3, "acme,Acme again,J,South,micro,",
            "organizations.csv:3: column 'org_id': 'acme' appears again (first at row 2)"),
        Defect(
            "ids compare after trimming", "organizations.csv", line: 3, " acme\t,Acme again,J,South,micro,",
            "organizations.csv:3: column 'org_id': 'acme' appears again (first at row 2)"),
        Defect(
            "partner twice", "partners.csv", line: 3, "uni,Other,other,,",
            "partners.csv:3: column 'partner_id': 'uni' appears again (first at row 2)"),
        Defect(
            "engagement id twice", "engagements.csv", line: 3, "e1,acme,uni,event,2026-01-11,,,",
            "engagements.csv:3: column 'engagement_id': 'e1' appears again (first at row 2)"),
        Defect(
            "ended before started", "engagements.csv", line: 2, "e1,acme,uni,joint_project,2026-01-10,2026-01-09,1000,",
            "engagements.csv:2: column 'ended_on': '2026-01-09' is before started_on '2026-01-10'"),
        Defect(
            "launched before started", "launches.csv", line: 2, "p1,acme,Widget,2025-10-01,2025-09-30,yes",
            "launches.csv:2: column 'launched_on': '2025-09-30' is before started_on '2025-10-01'"),
        Defect(
            "project twice", "launches.csv", line: 3, "p1,acme,Widget 2,2025-11-01,,no",
            "launches.csv:3: column 'project_id': 'p1' appears again for 'acme' (first at row 2)"),
        Defect(
            "not a yes/no", "launches.csv", line: 2, "p1,acme,Widget,2025-10-01,2026-02-01,maybe",
            "launches.csv:2: column 'ecosystem_supported': 'maybe' is not a yes/no value (true, false, yes, no, 1 or 0)"
        ),
        Defect(
            "unknown metric", "targets.csv", line: 2, ",revenue.totl,2026-Q2,5",
            "targets.csv:2: column 'metric': 'revenue.totl' is not a known metric (see 'impact metrics')"),
        Defect(
            "target for a month", "targets.csv", line: 2, ",revenue.total,2026-05,5",
            "targets.csv:2: column 'period': '2026-05' is a month; a fiscal quarter (YYYY-Qn) is needed here"),
        Defect(
            "target twice", "targets.csv", line: 3, ",revenue.growth_qoq,2026Q2,0.1",
            "targets.csv:3: column 'period': '2026-Q2' repeats the target of every organisation for 'revenue.growth_qoq' in this quarter (first at row 2)"
        ),
        Defect(
            "target for an unknown organisation", "targets.csv", line: 2, "zeta,revenue.growth_qoq,2026-Q2,0.05",
            "targets.csv:2: column 'org_id': 'zeta' is not in organizations"),
        Defect(
            "rate twice", "fx_rates.csv", line: 3, "usd,2026-Q1,0.91",
            "fx_rates.csv:3: column 'period': '2026-Q1' repeats the rate of 'USD' for this quarter (first at row 2)"),
        Defect(
            "zero rate", "fx_rates.csv", line: 2, "USD,2026-Q1,0",
            "fx_rates.csv:2: column 'rate': '0' must be greater than 0"),
        Defect(
            "missing rate", "financials.csv", line: 3, "acme,2026-Q2,110,82,12,6,USD",
            "financials.csv:3: column 'currency': 'USD' has no fx_rates row for '2026-Q2' (this is the first row that needs it)"
        ),
        Defect(
            "not a currency", "financials.csv", line: 2, "acme,2026-Q1,100,80,10,5,EURO",
            "financials.csv:2: column 'currency': 'EURO' is not an ISO 4217 currency code (three letters, e.g. EUR)"),
        Defect(
            "too many fields", "partners.csv", line: 2, "uni,University,research,P,North,extra",
            "partners.csv:2: the row has 6 fields; the header has 5"),
        Defect(
            "too few fields", "partners.csv", line: 2, "uni,University,research",
            "partners.csv:2: the row has 3 fields; the header has 5"),
        Defect(
            "unterminated quote", "organizations.csv", line: 3, "bolt,\"Bolt,J,South,micro,",
            "organizations.csv:3: a quoted field opens in this row and is never closed"),
        Defect(
            "NUL byte", "organizations.csv", line: 2, "acme,Ac\u{0}me,C,North,small,",
            "organizations.csv:2: column 'name': 'Ac\\u{0}me' contains a control character (NUL or another non-printing character)"
        ),
        Defect(
            "text after a closing quote", "organizations.csv", line: 2, "acme,\"Acme\" Ltd,C,North,small,",
            "organizations.csv:2: column 'name': 'Acme Ltd' has text after its closing quote"),
        Defect(
            "missing required column", "organizations.csv", line: 1, "org_id,sector,region,size_band,cohort",
            "organizations.csv:1: missing required column 'name'"),
        Defect(
            "column named twice", "organizations.csv", line: 1, "org_id,name,sector,region,size_band,ORG_ID ",
            "organizations.csv:1: column 'org_id': appears twice in the header (columns 1 and 6)"),
    ]

    @Test(arguments: defects)
    func eachDefectIsReportedWhereItIs(defect: Defect) throws {
        var fixture = Fixture()
        if let line = defect.line { fixture.replace(defect.file, line: line, with: defect.text) }
        let loaded = try fixture.load()
        #expect(loaded.dataset == nil)
        #expect(loaded.errors.contains(defect.message), "got \(loaded.errors)")
    }

    @Test func invalidUTF8IsReportedWithTheColumn() throws {
        var fixture = Fixture()
        fixture.files["organizations.csv"]! += Array("carp,Ca".utf8) + [0xFF] + Array("rp,C,,,\n".utf8)
        let loaded = try fixture.load()
        #expect(loaded.errors == ["organizations.csv:4: column 'name': 'Ca\u{FFFD}rp' is not valid UTF-8 text"])
    }

    @Test func fileLevelProblems() throws {
        #expect(
            try Fixture(["organizations.csv": nil]).load().errors == [
                "organizations.csv: not found: the 'organizations' table is required (looked for 'organizations.csv' and 'data/organizations.csv')"
            ])
        #expect(
            try Fixture(["partners.csv": nil]).load().errors == [
                "engagements.csv: engagements need partners, and the workspace has no partners table"
            ])
        // One error for an empty file: not also its missing columns, nor every reference to its ids.
        #expect(
            try Fixture(["financials.csv": ""]).load().errors == [
                "financials.csv: is empty: a header row naming the columns is needed"
            ])
        #expect(
            try Fixture(["organizations.csv": ""]).load().errors == [
                "organizations.csv: is empty: a header row naming the columns is needed"
            ])
        var both = Fixture()
        both.files["data/financials.csv"] = both.files["financials.csv"]
        #expect(
            try both.load().errors == [
                "data/financials.csv: is a second file for table 'financials' beside 'financials.csv'; keep only one"
            ])
        let folder = try Fixture(["launches.csv": nil]).load { root in
            try FileManager.default.createDirectory(atPath: root + "/launches.csv", withIntermediateDirectories: false)
        }
        #expect(folder.errors == ["launches.csv: is a folder, not a file"])
    }

    @Test func everyProblemIsReportedInOneRun() throws {
        var fixture = Fixture()
        fixture.replace("financials.csv", line: 2, with: "acme,2026-Q1,12k,-1,10,5,XX")
        fixture.replace("engagements.csv", line: 2, with: "e1,zeta,nobody,party,2026-02-30,,1,")
        fixture.append("launches.csv", "p2,acme,Gadget,2025-13-01,,perhaps")
        let loaded = try fixture.load()
        #expect(loaded.errors.count == 9, "got \(loaded.errors)")
        #expect(
            loaded.errors.prefix(2) == [
                "engagements.csv:2: column 'org_id': 'zeta' is not in organizations",
                "engagements.csv:2: column 'partner_id': 'nobody' is not in partners",
            ])
    }

    /// Rows edited into the fixture (`line` nil: appended) and the errors they must give, all of them.
    struct RowsCase: CustomTestStringConvertible, Sendable {
        let name: String
        let edits: [(file: String, line: Int?, text: String)]
        let errors: [String]

        var testDescription: String { name }
    }

    static let acmeHasErrors = "'acme' is in organizations at organizations.csv:2, but that row has errors"

    static let rowsCases: [RowsCase] = [
        // Every later row of a repeated id names the id's first row, however the rows are ordered and
        // however often the id comes back; the first rows are kept and referable.
        RowsCase(
            name: "each repeat names the first row",
            edits: [
                ("organizations.csv", nil, "acme,Acme again,C,North,small,"),
                ("organizations.csv", nil, "aaron,Aaron,C,North,small,"),
                ("organizations.csv", nil, "bolt,Bolt again,J,South,micro,"),
                ("organizations.csv", nil, "acme,Acme thrice,C,North,small,"),
            ],
            errors: [
                "organizations.csv:4: column 'org_id': 'acme' appears again (first at row 2)",
                "organizations.csv:6: column 'org_id': 'bolt' appears again (first at row 3)",
                "organizations.csv:7: column 'org_id': 'acme' appears again (first at row 2)",
            ]),
        // A row left out for its own errors is not "missing": every reference to its id names that row,
        // from each table that refers to it (the references are listed before it, sorted by file).
        RowsCase(
            name: "a reference to a row with errors names that row",
            edits: [
                ("organizations.csv", 2, "acme,Acme,C,North,gigantic,2025-spring"),
                ("partners.csv", 2, "uni,University,alien,P,North"),
                ("targets.csv", nil, "acme,revenue.growth_qoq,2026-Q2,0.05"),
            ],
            errors: [
                "engagements.csv:2: column 'org_id': \(acmeHasErrors)",
                "engagements.csv:2: column 'partner_id': 'uni' is in partners at partners.csv:2, but that row has errors",
                "financials.csv:2: column 'org_id': \(acmeHasErrors)",
                "financials.csv:3: column 'org_id': \(acmeHasErrors)",
                "launches.csv:2: column 'org_id': \(acmeHasErrors)",
                "organizations.csv:2: column 'size_band': 'gigantic' is not one of micro, small, medium, large",
                "partners.csv:2: column 'actor_type': 'alien' is not one of smb, large_enterprise, support_org, research, financial, government, infrastructure, other",
                "targets.csv:3: column 'org_id': \(acmeHasErrors)",
            ]),
        // An id whose first row has errors and whose later row is valid is known (the later row is the one
        // kept); an id no row has is still unknown, even beside a rejected one.
        RowsCase(
            name: "a rejected row hides neither a valid one nor an unknown id",
            edits: [
                ("organizations.csv", 2, "acme,Acme,C,North,gigantic,2025-spring"),
                ("organizations.csv", nil, "acme,Acme,C,North,small,2025-spring"),
                ("engagements.csv", nil, "e2,zeta,uni,joint_project,2026-01-10,,1000,"),
            ],
            errors: [
                "engagements.csv:3: column 'org_id': 'zeta' is not in organizations",
                "organizations.csv:2: column 'size_band': 'gigantic' is not one of micro, small, medium, large",
            ]),
    ]

    @Test(arguments: rowsCases)
    func rowsGiveTheirErrors(rowsCase: RowsCase) throws {
        var fixture = Fixture()
        for edit in rowsCase.edits {
            if let line = edit.line {
                fixture.replace(edit.file, line: line, with: edit.text)
            } else {
                fixture.append(edit.file, edit.text)
            }
        }
        let loaded = try fixture.load()
        #expect(loaded.errors == rowsCase.errors)
        if rowsCase.errors.first?.hasSuffix("but that row has errors") == true {
            #expect(loaded.hints.first == "fix that row first: this reference is checked again once it can be read")
        }
    }

    @Test func unknownColumnsAreOneWarningPerTable() throws {
        var fixture = Fixture()
        fixture.replace("partners.csv", line: 1, with: "Partner_ID , name,ACTOR_TYPE,sector,region,notes,website")
        fixture.replace("partners.csv", line: 2, with: "uni,University,Research,P,North,good,x.org")
        let loaded = try fixture.load()
        #expect(loaded.errors == [])
        #expect(loaded.warnings == ["partners.csv:1: unknown columns 'notes', 'website' ignored"])
        #expect(loaded.dataset?.partner("uni")?.actorType == .research)
    }
}
