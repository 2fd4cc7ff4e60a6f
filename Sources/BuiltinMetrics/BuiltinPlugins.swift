import CostMetrics
import FundingMetrics
import ImpactCore
import KnowledgeMetrics
import PartnerMetrics
import RevenueMetrics
import TimeToMarketMetrics

/// The plugins that ship with EcosystemImpact, one per namespace of the metric contract.
public enum BuiltinPlugins {
    public static let all: [MetricPlugin] = [
        RevenuePlugin.plugin, CostPlugin.plugin, TimeToMarketPlugin.plugin, PartnerPlugin.plugin,
        FundingPlugin.plugin, KnowledgePlugin.plugin,
    ]

    /// A registry of the built-in plugins.
    public static func registry() -> MetricRegistry {
        // The built-in ids are distinct and well-formed; the registry test pins it.
        try! MetricRegistry(plugins: all)
    }
}
