import ImpactCore

/// The built-in `knowledge` plugin: research collaborations and talent placements.
public enum KnowledgePlugin {
    public static let plugin = MetricPlugin(
        name: "knowledge", metrics: [ResearchCollaborations(), TalentPlacements()])
}
