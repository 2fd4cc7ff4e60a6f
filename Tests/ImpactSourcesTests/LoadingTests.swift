import Foundation
import ImpactCore
import ImpactSources
import Testing

@testable import ImpactGenerator

@Suite struct LoadingTests {
    @Test func monthsAreSummedIntoTheirFiscalQuarter() throws {
        let dataset = try #require(try Fixture().load().dataset)
        let bolt = try #require(dataset.financials(of: "bolt", in: "2026-Q1"))
        #expect(bolt.revenue == "30.5")
        #expect(bolt.operatingCosts == 24)
        #expect(dataset.reports("bolt", in: "2026-Q1"))
    }

    @Test func aMonthWithAnUnknownCellMakesTheQuarterUnknownInThatColumn() throws {
        var fixture = Fixture()
        fixture.replace("financials.csv", line: 5, with: "bolt,2026-02,10,8,,1,")
        let bolt = try #require(try fixture.load().dataset?.financials(of: "bolt", in: "2026-Q1"))
        #expect(bolt.ecosystemRevenue == nil)
        #expect(bolt.revenue == "30.5")
    }

    @Test func anIncompleteQuarterIsMissingWithAWarning() throws {
        var fixture = Fixture()
        fixture.replace("financials.csv", line: 6, with: "")
        let loaded = try fixture.load()
        #expect(loaded.errors == [])
        #expect(
            loaded.warnings == [
                "financials.csv:4: organisation 'bolt' has 2 of the 3 months of '2026-Q1' (2026-01, 2026-02); the quarter is reported as missing"
            ])
        #expect(loaded.dataset?.reports("bolt", in: "2026-Q1") == false)
    }

    @Test func monthsFollowTheFiscalCalendar() throws {
        var fixture = Fixture()
        fixture.calendar = FiscalCalendar(startMonth: 4)!
        fixture.files["financials.csv"] = Array(
            """
            org_id,period,revenue,operating_costs,ecosystem_revenue,cost_savings,currency
            acme,2026-04,1,1,0,0,
            acme,2026-05,2,1,0,0,
            acme,2026-06,3,1,0,0,
            bolt,2026-03,5,1,0,0,

            """.utf8)
        fixture.files["targets.csv"] = Array("org_id,metric,period,target\n".utf8)
        let loaded = try fixture.load()
        #expect(loaded.dataset?.financials(of: "acme", in: "2027-Q1")?.revenue == 6)
        #expect(
            loaded.warnings == [
                "financials.csv:5: organisation 'bolt' has 1 of the 3 months of '2026-Q4' (2026-03); the quarter is reported as missing"
            ])
    }

    @Test func foreignAmountsAreConvertedAtTheirQuartersRateRoundedHalfToEven() throws {
        var fixture = Fixture()
        fixture.replace("financials.csv", line: 2, with: "acme,2026-Q1,100.05,80,10,5,usd")
        fixture.replace("engagements.csv", line: 2, with: "e1,acme,uni,joint_project,2026-03-31,,100.15,USD")
        fixture.append("engagements.csv", "e2,acme,uni,event,2026-04-02,,,USD")
        let dataset = try #require(try fixture.load().dataset)
        let acme = try #require(dataset.financials(of: "acme", in: "2026-Q1"))
        #expect(acme.revenue == "90.04")  // 90.045 → even
        #expect(acme.operatingCosts == 72)
        // 90.135 → 90.14; an empty value needs no rate.
        #expect(dataset.engagements(of: "acme").map(\.value) == ["90.14", 0])
    }

    /// Values in another currency between values in the base one, with and without a repeated id in
    /// the table (the loader copies runs whole when no id repeats).
    @Test(arguments: [false, true])
    func foreignValuesAmongBaseOnesKeepTheirPlaces(repeatedID: Bool) throws {
        var fixture = Fixture()
        fixture.append("engagements.csv", "e2,acme,uni,event,2026-01-11,,10,USD")
        fixture.append("engagements.csv", "e3,acme,uni,event,2026-01-12,,20,")
        fixture.append("engagements.csv", "e4,acme,uni,event,2026-01-13,,30,USD")
        fixture.append("engagements.csv", "e5,acme,uni,event,2026-01-14,,40,EUR")
        if repeatedID { fixture.append("engagements.csv", "e5,acme,uni,event,2026-01-15,,50,EUR") }
        let loaded = try fixture.load()
        if repeatedID {
            #expect(loaded.dataset == nil)
            #expect(loaded.errors.contains { $0.contains("'e5' appears again") }, "\(loaded.errors)")
        } else {
            let dataset = try #require(loaded.dataset)
            #expect(dataset.engagements(of: "acme").map(\.value) == [1000, 9, 20, 27, 40])
        }
    }

    @Test func aBaseCurrencyWithoutMinorUnitRoundsToWholeUnits() throws {
        var fixture = Fixture()
        fixture.currency = Currency(code: "JPY")!
        fixture.files["fx_rates.csv"] = Array("currency,period,rate\nEUR,2026-Q1,162.5\nEUR,2026-Q2,161\n".utf8)
        fixture.replace("financials.csv", line: 2, with: "acme,2026-Q1,1,1,0,0,EUR")
        fixture.replace("financials.csv", line: 3, with: "acme,2026-Q2,3.5,1,0,0,EUR")
        let dataset = try #require(try fixture.load().dataset)
        #expect(dataset.financials(of: "acme", in: "2026-Q1")?.revenue == 162)  // 162.5 → even
        #expect(dataset.financials(of: "acme", in: "2026-Q2")?.revenue == 564)  // 563.5 → even
    }

    @Test func renamedColumnsCRLFAByteOrderMarkAndQuotedNames() throws {
        var fixture = Fixture()
        fixture.files["organizations.csv"] = Array(
            "\u{FEFF}Kunde,Firmenname,sector,region,size_band,cohort\r\nacme,\"Acme, \"\"the\"\" best\nworks\",C,,SMALL,\r\n\r\nbolt,Bolt,,,,\r\n"
                .utf8)
        let loaded = try fixture.load(renames: [.organizations: ["kunde": "org_id", "Firmenname": "name"]])
        #expect(loaded.errors == [])
        let acme = try #require(loaded.dataset?.organization("acme"))
        #expect(acme.name == "Acme, \"the\" best\nworks")
        #expect(acme.sizeBand == .small)
        #expect(acme.region == nil)
    }

    /// Quoted (the file read in one pass) or not (read line by line from its bytes).
    @Test(arguments: [true, false])
    func aTenMegabyteFieldIsValidData(quoted: Bool) throws {
        var fixture = Fixture()
        let long = String(repeating: "Nordlicht ", count: 1_000_000)
        let field = quoted ? "\"\(long)\"" : long
        fixture.replace("organizations.csv", line: 2, with: "acme,\(field),C,North,small,2025-spring")
        let loaded = try fixture.load()
        #expect(loaded.errors == [])
        #expect(loaded.dataset?.organization("acme")?.name.utf8.count == 10_000_000 - 1)
    }

    @Test func inputsRecordRowsAndHashes() throws {
        let loaded = try Fixture().load()
        #expect(
            loaded.inputs.map(\.source) == [
                "engagements.csv", "financials.csv", "fx_rates.csv", "launches.csv", "organizations.csv",
                "partners.csv",
                "targets.csv",
            ])
        let financials = try #require(loaded.inputs.first { $0.table == "financials" })
        #expect(financials.rows == 5)
        #expect(financials.sha256?.count == 64)
        // sha256 of the bytes as written.
        let expected = Array(Fixture.base["financials.csv"]!.utf8)
        #expect(financials.sha256 == SystemSHA256.of(expected))
    }

    /// Read without digests (a check that shows none), a workspace gives the same inputs, rows, problems
    /// and dataset, and no input carries a digest.
    @Test func aLoadWithoutDigestsIsTheSameLoadWithoutThem() throws {
        var fixture = Fixture()
        fixture.replace("financials.csv", line: 3, with: "acme,2026-Q2,x,,,")
        for fixture in [Fixture(), fixture] {
            let hashed = try fixture.load()
            let unhashed = try fixture.load(digests: false)
            #expect(unhashed.inputs.map(\.sha256) == hashed.inputs.map { _ in nil })
            #expect(hashed.inputs.allSatisfy { $0.sha256?.count == 64 })
            #expect(unhashed.inputs.map(\.source) == hashed.inputs.map(\.source))
            #expect(unhashed.inputs.map(\.rows) == hashed.inputs.map(\.rows))
            #expect(unhashed.errors == hashed.errors)
            #expect(unhashed.dataset.map(Self.contents) == hashed.dataset.map(Self.contents))
        }
    }

    /// Loaded for a check (`keepsEngagements` false), a workspace gives every problem a full load gives,
    /// the engagements' among them (a repeated id, an unknown partner, a value without a rate, a date
    /// before its start), and a dataset of everything but the engagements, which holds none.
    @Test func aCheckFindsEveryProblemAndKeepsNoEngagement() throws {
        var broken = Fixture()
        broken.append("engagements.csv", "e1,acme,uni,event,2026-01-11,,5,")
        broken.append("engagements.csv", "e2,acme,nobody,event,2026-01-11,,5,")
        broken.append("engagements.csv", "e3,bolt,uni,grant,2026-01-11,,5,CHF")
        broken.append("engagements.csv", "e4,bolt,uni,event,2026-01-11,2026-01-01,5,")
        for fixture in [Fixture(), broken] {
            let full = try fixture.load()
            let check = try fixture.load(keepsEngagements: false)
            #expect(check.errors == full.errors)
            #expect(check.warnings == full.warnings)
            #expect(check.inputs == full.inputs)
            #expect((check.dataset == nil) == (full.dataset == nil))
            if let dataset = check.dataset, let fullDataset = full.dataset {
                #expect(fullDataset.engagementCount > 0)
                #expect(dataset.engagementCount == 0)
                #expect(dataset.organizations.allSatisfy { dataset.engagements(of: $0.id).isEmpty })
                #expect(
                    "\(dataset.organizations) \(dataset.partners) \(dataset.targets)"
                        == "\(fullDataset.organizations) \(fullDataset.partners) \(fullDataset.targets)")
                #expect(dataset.reportingCounts == fullDataset.reportingCounts)
            }
        }
        #expect(try broken.load(keepsEngagements: false).errors.count == 4)
    }

    /// Without an organisations table (an error of its own) financials rows are still grouped by
    /// organisation and quarter, by the ids themselves: a repeated quarter and a quarter row beside month
    /// rows are found as with the table.
    @Test(arguments: [true, false])
    func financialsAreGroupedWithOrWithoutTheOrganisationsTable(withTable: Bool) throws {
        var fixture = Fixture()
        fixture.append("financials.csv", "acme,2026-Q1,120,80,10,5,")
        fixture.append("financials.csv", "bolt,2026-Q1,10,8,1,1,")
        if !withTable { fixture.files["organizations.csv"] = nil }
        let errors = try fixture.load().errors
        #expect(
            errors.contains(
                "financials.csv:7: column 'period': '2026-Q1' repeats the financials of 'acme' for '2026-Q1' (first at row 2)"
            ), "\(errors)")
        #expect(
            errors.contains(
                "financials.csv:8: column 'period': '2026-Q1' gives 'bolt' a quarter row for '2026-Q1', which also has month rows (first at row 4)"
            ), "\(errors)")
        #expect(errors.filter { $0.hasPrefix("financials.csv") }.count == 2, "\(errors)")
    }

    /// Values in other currencies are converted part by part on every core (`convertForeignValues`):
    /// with enough engagements for several parts, every foreign value is its amount at its quarter's rate,
    /// rounded half to even to cents (worked out here in whole numbers), and every missing rate is named
    /// once, at the first row in file order that needs it, whichever part typed that row.
    @Test func foreignValuesAreConvertedInEveryPartAndMissingRatesNamedAtTheirFirstRow() throws {
        var generator = SplitMix64(seed: 11)
        // Rates in millionths, by currency and quarter of 2026; CHF has none, GBP none for Q4.
        var rates: [String: [Int: Int]] = ["USD": [:], "GBP": [:]]
        for quarter in 1...4 {
            rates["USD"]![quarter] = 800_000 + Int(generator.next() % 400_000)
            if quarter < 4 { rates["GBP"]![quarter] = 1_100_000 + Int(generator.next() % 200_000) + 7 }
        }
        var fixture = Fixture()
        fixture.files["fx_rates.csv"] = Array(
            ("currency,period,rate\n"
                + rates.sorted { $0.key < $1.key }.flatMap { currency, byQuarter in
                    byQuarter.sorted { $0.key < $1.key }.map { quarter, micros in
                        "\(currency),2026-Q\(quarter),\(micros / 1_000_000).\(String(format: "%06d", micros % 1_000_000))\n"
                    }
                }.joined()).utf8)
        var expected: [String: Int] = ["e1": 100_000]  // cents, by id
        var missing: [String] = []
        var named = Set<String>()
        for index in 0..<24_000 {
            let id = "x\(index)"
            let quarter = Int(generator.next() % 4) + 1
            let cents = Int(generator.next() % 10_000_000)
            let currency = ["", "EUR", "USD", "GBP", "CHF"][Int(generator.next() % 5)]
            let row = index + 3  // after the header and e1
            let date = "2026-\(String(format: "%02d", quarter * 3 - 2))-15"
            let amount = "\(cents / 100).\(String(format: "%02d", cents % 100))"
            fixture.append("engagements.csv", "\(id),acme,uni,event,\(date),,\(amount),\(currency)")
            if let micros = rates[currency]?[quarter] {
                // cents × micros is the value in 10^-8 units: back to cents, half to even.
                let (whole, rest) = (cents * micros).quotientAndRemainder(dividingBy: 1_000_000)
                expected[id] = whole + (rest > 500_000 || (rest == 500_000 && whole % 2 == 1) ? 1 : 0)
            } else if currency == "USD" || currency == "GBP" || currency == "CHF" {
                if named.insert("\(currency) \(quarter)").inserted {
                    missing.append(
                        "engagements.csv:\(row): column 'currency': '\(currency)' has no fx_rates row for '2026-Q\(quarter)' (this is the first row that needs it)"
                    )
                }
            } else {
                expected[id] = cents
            }
        }
        let loaded = try fixture.load()
        #expect(loaded.errors == missing)
        #expect(missing.count == 5)  // CHF in every quarter, GBP in Q4
        // With every rate given (CHF and GBP Q4 at 1), the values are the expected ones.
        fixture.append("fx_rates.csv", "CHF,2026-Q1,1\nCHF,2026-Q2,1\nCHF,2026-Q3,1\nCHF,2026-Q4,1\nGBP,2026-Q4,1")
        let complete = try fixture.load()
        #expect(complete.errors.isEmpty, "\(complete.errors.prefix(3))")
        let values = try #require(complete.dataset).engagements(of: "acme").map { ($0.id?.rawValue ?? "", $0.value) }
        #expect(values.count == 24_001)
        var wrong: [String] = []
        for (id, value) in values {
            let cents = expected[id]
            let text = cents.map { "\($0 / 100).\(String(format: "%02d", $0 % 100))" }
            // CHF and GBP Q4 rows were not expected (no rate before): at 1 they keep their amount.
            if let text, ExactDecimal(text) != value { wrong.append("\(id): \(value), not \(text)") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    /// Financials are grouped in parts by quarter on every core: with enough rows for several parts, each
    /// organisation's quarter is its quarter row or the sum of its three month rows, and every problem —
    /// a repeated quarter, a month beside a quarter row (either way round), a missing month, a rate missing
    /// (named once, at its first row) — is found at its row, as the rules say (worked out here, not by
    /// the loader).
    @Test func financialsGroupedInPartsFollowTheRulesAtEveryRow() throws {
        let organizations = 2_000
        let quarters = (1...4).map { "2025-Q\($0)" } + (1...4).map { "2026-Q\($0)" } + ["2024-Q3", "2024-Q4"]
        var generator = SplitMix64(seed: 23)
        for withProblems in [true, false] {
            var fixture = Fixture()
            var orgs = "org_id,name,sector,region,size_band,cohort\n"
            var rows = ["org_id,period,revenue,operating_costs,ecosystem_revenue,cost_savings,currency"]
            var errors: [String] = []
            var warnings: [String] = []
            var expected: [String: [Int]] = [:]  // "org quarter": revenue, costs, ecosystem revenue, savings
            var missingRateNamed = false
            for index in 0..<organizations {
                let org = "o\(index)"
                orgs += "\(org),Org \(index),C,North,small,\n"
                for quarter in quarters {
                    let year = quarter.prefix(4)
                    let number = Int(quarter.suffix(1))!
                    let months = (1...3).map { "\(year)-" + String(format: "%02d", (number - 1) * 3 + $0) }
                    func amounts() -> [Int] {
                        let revenue = Int(generator.next() % 1_000_000)
                        return [revenue, Int(generator.next() % 900_000), revenue / 3, Int(generator.next() % 5_000)]
                    }
                    func add(_ period: String, _ figures: [Int], currency: String = "") -> Int {
                        rows.append("\(org),\(period),\(figures.map(String.init).joined(separator: ",")),\(currency)")
                        return rows.count  // its row: the header is row 1
                    }
                    let kind = Int(generator.next() % 12)
                    switch withProblems ? kind : kind % 3 {
                    case 0, 6, 7, 8, 9, 10, 11:
                        let figures = amounts()
                        _ = add(quarter, figures)
                        expected["\(org) \(quarter)"] = figures
                    case 1:
                        let figures = months.map { _ in amounts() }
                        for (month, monthFigures) in zip(months, figures) { _ = add(month, monthFigures) }
                        expected["\(org) \(quarter)"] = (0..<4).map { column in figures.reduce(0) { $0 + $1[column] } }
                    case 2:
                        let first = add(months[0], amounts())
                        _ = add(months[2], amounts())
                        warnings.append(
                            "financials.csv:\(first): organisation '\(org)' has 2 of the 3 months of '\(quarter)' (\(months[0]), \(months[2])); the quarter is reported as missing"
                        )
                    case 3:
                        let figures = amounts()
                        let first = add(quarter, figures)
                        let again = add(quarter, amounts())
                        expected["\(org) \(quarter)"] = figures
                        errors.append(
                            "financials.csv:\(again): column 'period': '\(quarter)' repeats the financials of '\(org)' for '\(quarter)' (first at row \(first))"
                        )
                    case 4:
                        let first = add(quarter, amounts())
                        let month = add(months[1], amounts())
                        errors.append(
                            "financials.csv:\(month): column 'period': '\(months[1])' is a month of '\(quarter)', for which '\(org)' also has a quarter row (row \(first))"
                        )
                    default:
                        // A rate that does not exist (USD has one for 2026-Q1 only): named at its first row.
                        if quarter == "2026-Q1" { continue }
                        let row = add(quarter, amounts(), currency: "USD")
                        if quarter == "2025-Q2" && !missingRateNamed {
                            missingRateNamed = true
                            errors.append(
                                "financials.csv:\(row): column 'currency': 'USD' has no fx_rates row for '2025-Q2' (this is the first row that needs it)"
                            )
                        } else if quarter != "2025-Q2" {
                            rows.removeLast()  // one missing rate is enough
                        }
                    }
                    if withProblems && kind == 1 && number == 2 {
                        // Month rows, then the quarter row: the quarter row is the problem.
                        let quarterRow = add(quarter, amounts())
                        errors.append(
                            "financials.csv:\(quarterRow): column 'period': '\(quarter)' gives '\(org)' a quarter row for '\(quarter)', which also has month rows (first at row \(quarterRow - 3))"
                        )
                    }
                }
            }
            fixture.files["organizations.csv"] = Array(orgs.utf8)
            fixture.files["financials.csv"] = Array((rows.joined(separator: "\n") + "\n").utf8)
            fixture.files["engagements.csv"] = Array(
                "engagement_id,org_id,partner_id,kind,started_on,ended_on,value,currency\n".utf8)
            fixture.files["launches.csv"] = nil
            #expect(rows.count > 20_001)
            let loaded = try fixture.load()
            #expect(
                loaded.errors == errors, "\(zip(loaded.errors, errors).first { $0 != $1 }.map { "\($0)\n\($1)" } ?? "")"
            )
            #expect(loaded.warnings == warnings, "\(loaded.warnings.count) vs \(warnings.count)")
            #expect(withProblems == !errors.isEmpty)
            guard !withProblems else { continue }
            let dataset = try #require(loaded.dataset)
            var wrong: [String] = []
            for index in 0..<organizations {
                for quarter in quarters {
                    let found = dataset.financials(of: Identifier("o\(index)"), in: Quarter(quarter)!)
                    let figures = found.map { [$0.revenue, $0.operatingCosts, $0.ecosystemRevenue, $0.costSavings] }
                    let want = expected["o\(index) \(quarter)"].map {
                        $0.map { Optional(ExactDecimal(micros: Int128($0) * 1_000_000)) }
                    }
                    if figures != want { wrong.append("o\(index) \(quarter)") }
                }
            }
            #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        }
    }

    /// What a dataset holds, comparable.
    static func contents(_ dataset: Dataset) -> String {
        "\(dataset.organizations) \(dataset.partners) \(dataset.targets) \(dataset.reportingCounts.sorted { $0.key < $1.key })"
            + "\(dataset.organizations.map { dataset.engagements(of: $0.id) })"
    }

    @Test func anyBytesInAnyTableNeverCrashTheLoader() throws {
        var generator = SystemRandomNumberGenerator()
        let tables = Array(Fixture.base.keys).sorted()
        for _ in 0..<60 {
            var fixture = Fixture()
            let table = tables.randomElement(using: &generator)!
            var bytes = fixture.files[table]!
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[position] = [0x00, 0x22, 0x2C, 0x0A, 0x0D, 0xFF, 0x2D, 0x39, 0x51, 0x20].randomElement(
                    using: &generator)!
            }
            fixture.files[table] = bytes
            let loaded = try fixture.load()
            #expect(loaded.dataset != nil || !loaded.errors.isEmpty)
        }
    }
}

/// SHA-256 through the system's `sha256sum`, independent of the code under test.
enum SystemSHA256 {
    static func of(_ bytes: [UInt8]) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try? process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(output.prefix(64))
    }
}
