import ImpactCore
import ImpactTesting
import JobsMetrics
import Testing

@Test func theDescriptorExamplesHold() throws {
    let registry = try MetricRegistry(plugins: [JobsPlugin.plugin])
    #expect(ExampleChecker.failures(in: registry) == [])
}

@Test func aReportingOrganisationWithoutRevenueFiguresHasNoData() throws {
    let dataset = try DatasetBuilder().organization("acme").financials("acme", "2026-Q1", operatingCosts: 5).build()
    let results = try MetricEngine(registry: MetricRegistry(plugins: [JobsPlugin.plugin])).run(
        on: dataset, quarters: ["2026-Q1"])
    #expect(results.observations.map(\.value) == [.null(.noData)])
}
