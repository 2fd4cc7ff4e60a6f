import ImpactCore

/// The built-in `partners` plugin: how many partners, how diverse, and how concentrated the value is.
public enum PartnerPlugin {
    public static let plugin = MetricPlugin(
        name: "partners",
        metrics: [
            ActivePartners(), NewPartners(), PartnerDiversity.actorType, PartnerDiversity.sector,
            CrossSectorShare(), PartnerConcentration.hhi, PartnerConcentration.topShare,
        ])
}
