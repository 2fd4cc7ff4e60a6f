import BuiltinMetrics
import ImpactCore
import ImpactTesting
import Testing

@Suite struct DescriptorExampleTests {
    @Test func everyBuiltinExampleHolds() {
        #expect(ExampleChecker.failures(in: BuiltinPlugins.registry()) == [])
    }

    @Test func theCheckerCatchesAWrongExample() throws {
        struct Wrong: Metric {
            let descriptor = MetricDescriptor(
                id: "test.wrong", title: "Wrong", summary: "Always 1.", unit: .count, direction: .neutral,
                additive: false,
                examples: [
                    MetricExample("claims 2", quarter: "2026-Q1", expected: .count(2)) {
                        try DatasetBuilder().organization("acme").financials("acme", "2026-Q1").build()
                    }
                ])
            func value(in context: MetricContext) -> MetricValue { .count(1) }
        }
        let registry = try MetricRegistry(plugins: [MetricPlugin(name: "test", metrics: [Wrong()])])
        #expect(
            ExampleChecker.failures(in: registry) == ["metric 'test.wrong', example 'claims 2': expected 2.0, got 1.0"])
    }

    @Test func builtinCatalogueMatchesTheContract() {
        let registry = BuiltinPlugins.registry()
        #expect(
            registry.ids == [
                "cost.operating", "cost.savings", "cost.savings_rate",
                "funding.grants", "funding.investors", "funding.raised",
                "knowledge.research_collaborations", "knowledge.talent_placements",
                "partners.active", "partners.actor_type_diversity", "partners.cross_sector_share", "partners.new",
                "partners.sector_diversity", "partners.top_partner_share", "partners.value_hhi",
                "revenue.ecosystem_share", "revenue.growth_qoq", "revenue.growth_yoy", "revenue.total",
                "revenue.trailing_4q",
                "time_to_market.ecosystem_gain_days_4q", "time_to_market.launches", "time_to_market.median_days",
                "time_to_market.median_days_4q", "time_to_market.p85_days",
            ])
        let additive = registry.entries.filter(\.descriptor.additive).map(\.descriptor.id)
        #expect(
            additive == [
                "cost.operating", "cost.savings", "funding.grants", "funding.raised",
                "knowledge.research_collaborations", "knowledge.talent_placements", "revenue.total",
                "revenue.trailing_4q", "time_to_market.launches",
            ])
        let iris = registry.entries.compactMap { entry in entry.descriptor.iris.map { "\(entry.descriptor.id)=\($0)" } }
        #expect(
            iris == [
                "cost.operating=FP1001", "revenue.growth_qoq=FP4761", "revenue.growth_yoy=FP4761",
                "revenue.total=FP5958",
            ])
        let lower = registry.entries.filter { $0.descriptor.direction == .lowerIsBetter }.map(\.descriptor.id)
        #expect(
            lower == [
                "cost.operating", "partners.top_partner_share", "partners.value_hhi", "time_to_market.median_days",
                "time_to_market.median_days_4q", "time_to_market.p85_days",
            ])
    }
}
