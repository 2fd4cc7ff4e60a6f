import Foundation
import ImpactCore
import ImpactResults
import Testing

@Suite struct JSONNumberTests {
    @Test(arguments: [
        (3.0, "3"), (0.0523, "0.0523"), (-0.25, "-0.25"), (1e-5, "1e-05"), (10_000.0, "10000"), (-0.0, "0"),
        (0.1 + 0.2, "0.30000000000000004"), (2.0 / 3.0, "0.6666666666666666"), (1e16, "1e+16"), (123456.5, "123456.5"),
    ])
    func doublesAreShortestRoundTrip(value: Double, text: String) {
        #expect(JSONWriter.compact(.double(value)) == text)
        // What is written parses back to the same double (strtod; Foundation's JSON parser on Linux is
        // not correctly rounded, so it is not the judge here).
        #expect(Double(text) == value)
    }

    @Test(arguments: [
        ("3864692.96", "3864692.96"), ("1500.50", "1500.5"), ("1500", "1500"), ("-0.000001", "-0.000001"),
    ])
    func moneyIsTheShortestExactDecimal(amount: String, text: String) {
        #expect(JSONWriter.compact(ResultsDocument.value(.money(ExactDecimal(amount)!))) == text)
    }

    @Test func stringsEscapeQuotesBackslashesAndControlCharacters() throws {
        let text = "a\"b\\c\nd\u{1}e\u{2028}é</script>"
        let written = JSONWriter.compact(.string(text))
        #expect(written == "\"a\\\"b\\\\c\\nd\\u0001e\\u2028é</script>\"")
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(written)]".utf8)) as? [String]
        #expect(parsed == [text])
    }
}

@Suite struct ResultsDocumentTests {
    func document() throws -> ResultsDocument {
        struct Half: Metric {
            let descriptor = MetricDescriptor(
                id: "demo.half", title: "Half", summary: "Half the revenue.", unit: .ratio, direction: .higherIsBetter,
                additive: false, iris: "FP0000")
            func value(in context: MetricContext) -> MetricValue {
                guard let revenue = context.financials()?.revenue else { return .null(.noData) }
                return revenue.isZero ? .null(.zeroBase) : .number(0.5)
            }
        }
        struct Total: Metric {
            let descriptor = MetricDescriptor(
                id: "demo.total", title: "Total", summary: "Revenue.", unit: .money, direction: .higherIsBetter,
                additive: true)
            func value(in context: MetricContext) -> MetricValue {
                context.financials()?.revenue.map { .money($0) } ?? .null(.noData)
            }
        }
        let registry = try MetricRegistry(plugins: [MetricPlugin(name: "demo", metrics: [Total(), Half()])])
        let dataset = try DatasetBuilder().organization("zed").organization("abe")
            .financials("abe", "2026-Q1", revenue: "1500.50").financials("zed", "2026-Q2", revenue: 0)
            .target(nil, "demo.total", "2026-Q2", 1000).target("zed", "demo.half", "2026-Q2", "0.4")
            .build()
        let results = try MetricEngine(registry: registry).run(on: dataset, quarters: ["2026-Q1", "2026-Q2"])
        return ResultsDocument(
            workspace: "Demo \"quoted\"", quarter: "2026-Q2", results: results, calendar: .calendarYear,
            currency: .euro, generatedAt: "2026-10-05T09:00:00Z", generator: .init(name: "impact", version: "0.1.0"),
            inputs: [InputFile(source: "data/organizations.csv", table: "organizations", rows: 2, sha256: "ab")],
            warnings: [
                Diagnostic(.warning, source: "financials.csv", row: 4, message: "about zed", organization: "zed"),
                Diagnostic(.warning, source: "partners.csv", row: 1, message: "general"),
            ])
    }

    @Test func theWholeDocumentInContractOrder() throws {
        let text = try document().text
        #expect(
            text == """
                {
                  "schema": "impact-results/1",
                  "workspace": "Demo \\"quoted\\"",
                  "quarter": "2026-Q2",
                  "quarters": [
                    "2026-Q1",
                    "2026-Q2"
                  ],
                  "fiscal_year_start_month": 1,
                  "currency": "EUR",
                  "generated_at": "2026-10-05T09:00:00Z",
                  "generator": {"name": "impact", "version": "0.1.0"},
                  "inputs": [
                    {"source": "data/organizations.csv", "table": "organizations", "rows": 2, "sha256": "ab"}
                  ],
                  "metrics": [
                    {"id": "demo.half", "title": "Half", "unit": "ratio", "direction": "higher_is_better", "additive": false, "plugin": "demo", "iris": "FP0000"},
                    {"id": "demo.total", "title": "Total", "unit": "money", "direction": "higher_is_better", "additive": true, "plugin": "demo", "iris": null}
                  ],
                  "observations": [
                    {"metric": "demo.half", "org": "abe", "quarter": "2026-Q1", "value": 0.5},
                    {"metric": "demo.half", "org": "abe", "quarter": "2026-Q2", "value": null, "reason": "no_data"},
                    {"metric": "demo.half", "org": "zed", "quarter": "2026-Q1", "value": null, "reason": "no_data"},
                    {"metric": "demo.half", "org": "zed", "quarter": "2026-Q2", "value": null, "reason": "zero_base"},
                    {"metric": "demo.total", "org": "abe", "quarter": "2026-Q1", "value": 1500.5},
                    {"metric": "demo.total", "org": "abe", "quarter": "2026-Q2", "value": null, "reason": "no_data"},
                    {"metric": "demo.total", "org": "zed", "quarter": "2026-Q1", "value": null, "reason": "no_data"},
                    {"metric": "demo.total", "org": "zed", "quarter": "2026-Q2", "value": 0}
                  ],
                  "aggregates": [],
                  "targets": [
                    {"metric": "demo.half", "org": "zed", "quarter": "2026-Q2", "target": 0.4, "value": null, "met": null},
                    {"metric": "demo.total", "org": "abe", "quarter": "2026-Q2", "target": 1000, "value": null, "met": null},
                    {"metric": "demo.total", "org": "zed", "quarter": "2026-Q2", "target": 1000, "value": 0, "met": false}
                  ],
                  "benchmarks": [],
                  "warnings": [
                    {"source": "financials.csv", "row": 4, "message": "about zed"},
                    {"source": "partners.csv", "row": 1, "message": "general"}
                  ]
                }

                """)
        // It is JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
    }

    @Test func aMembersResultsHoldOnlyItsOwnObservationsTargetsAndWarnings() throws {
        let scoped = try document().scoped(to: "abe")
        #expect(Set(scoped.results.observations.map(\.organization)) == ["abe"])
        #expect(scoped.results.targets.map(\.organization) == ["abe"])
        #expect(scoped.warnings.map(\.message) == ["general"])
        #expect(!scoped.text.contains("zed"))
    }

}

/// A batch encodes the portfolio's aggregates once and hands the lines to every member document.
@Suite struct SharedAggregateLinesTests {
    struct Revenue: Metric {
        let descriptor = MetricDescriptor(
            id: "demo.revenue", title: "Revenue", summary: "Revenue.", unit: .money, direction: .higherIsBetter,
            additive: true)
        func value(in context: MetricContext) -> MetricValue {
            context.financials()?.revenue.map { .money($0) } ?? .null(.noData)
        }
    }

    @Test func aMemberDocumentWithSharedLinesIsTheSameFile() throws {
        var builder = DatasetBuilder()
        for index in 0..<7 {
            let id = Identifier("m\(index)")
            builder = builder.organization(id, sector: index < 4 ? "A" : "B")
                .financials(id, "2026-Q1", revenue: ExactDecimal(micros: Int128(1_000 + 250 * index) * 1_000_000))
        }
        let dataset = try builder.build()
        let registry = try MetricRegistry(plugins: [MetricPlugin(name: "demo", metrics: [Revenue()])])
        let results = try MetricEngine(registry: registry).run(on: dataset, quarters: ["2026-Q1"])
        let portfolio = PortfolioAggregator(k: 3).aggregate(results, dataset: dataset)
        var whole = ResultsDocument(
            workspace: "Demo", quarter: "2026-Q1", results: results, calendar: .calendarYear, currency: .euro,
            generatedAt: "2026-10-05T09:00:00Z", generator: .init(name: "impact", version: "0.1.0"), inputs: [],
            warnings: [])
        whole.aggregates = portfolio.aggregates
        let lines = ResultsDocument.encode(portfolio.aggregates)
        for organization in dataset.organizations {
            let own = results.observations.filter { $0.organization == organization.id }
            let plain = whole.scoped(
                to: organization.id, observations: own, targets: [], portfolio: portfolio, record: organization)
            let shared = whole.scoped(
                to: organization.id, observations: own, targets: [], portfolio: portfolio, record: organization,
                encodedAggregates: lines)
            #expect(plain.aggregates.count == 2)  // the portfolio's and its sector's
            #expect(shared.utf8 == plain.utf8)
            // Handed over as written, the same bytes.
            var streamed: [UInt8] = []
            shared.write { streamed += $0 }
            #expect(streamed == plain.utf8)
            // Setting the aggregates drops the shared lines.
            var changed = shared
            changed.aggregates = []
            #expect(changed.text.contains(#""aggregates": [],"#))
        }
    }
}
