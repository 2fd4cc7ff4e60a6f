import ImpactCore

/// The built-in `revenue` plugin: revenue, its growth, its trailing sum and the share attributed to the
/// ecosystem.
public enum RevenuePlugin {
    public static let plugin = MetricPlugin(
        name: "revenue",
        metrics: [
            RevenueTotal(), RevenueGrowth.quarterOverQuarter, RevenueGrowth.yearOverYear, RevenueTrailing4Q(),
            RevenueEcosystemShare(),
        ])
}
