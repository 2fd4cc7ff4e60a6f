import ImpactCore

/// `time_to_market.ecosystem_gain_days_4q`: how many days sooner ecosystem-supported projects reach the
/// market, over the last four quarters.
public struct EcosystemGainDays: Metric {
    public init() {}

    public let descriptor = MetricDescriptor(
        id: "time_to_market.ecosystem_gain_days_4q", title: "Ecosystem time-to-market gain (days, four quarters)",
        summary:
            "Median days to market of unsupported launches minus that of ecosystem-supported launches, over four quarters.",
        unit: .days, direction: .higherIsBetter, additive: false,
        examples: [
            MetricExample(
                "Unsupported take 100 days, supported 60: a gain of 40", quarter: "2026-Q1",
                expected: .number(40)
            ) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
                    .launch("acme", "a", started: "2025-10-01", launched: "2026-01-09")
                    .launch("acme", "b", started: "2025-11-01", launched: "2025-12-31", ecosystemSupported: true)
                    .build()
            },
            MetricExample("No supported launch to compare with", quarter: "2026-Q1", expected: .null(.noLaunches)) {
                try DatasetBuilder().organization("acme").financials("acme", "2026-Q1")
                    .launch("acme", "a", started: "2025-10-01", launched: "2026-01-09").build()
            },
        ])

    public func value(in context: MetricContext) -> MetricValue {
        let launches = context.launches(from: -3)
        let supported = launches.filter(\.ecosystemSupported).compactMap(\.daysToMarket).map(Double.init)
        let unsupported = launches.filter { !$0.ecosystemSupported }.compactMap(\.daysToMarket).map(Double.init)
        guard let withSupport = Quantile.median(supported), let without = Quantile.median(unsupported) else {
            return .null(.noLaunches)
        }
        return .number(without - withSupport)
    }
}
