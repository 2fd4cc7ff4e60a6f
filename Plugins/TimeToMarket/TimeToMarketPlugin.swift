import ImpactCore

/// The built-in `time_to_market` plugin: launches and the days from kick-off to market.
public enum TimeToMarketPlugin {
    public static let plugin = MetricPlugin(
        name: "time_to_market",
        metrics: [
            LaunchCount(), LaunchDays.median, LaunchDays.p85, LaunchDays.median4Q, EcosystemGainDays(),
        ])
}
