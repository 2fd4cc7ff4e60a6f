/// What one engine run computed.
public struct MetricResults: Sendable {
    /// The report window, oldest first.
    public let quarters: [Quarter]
    /// The metrics that ran, sorted by id.
    public let metrics: [MetricRegistry.Entry]
    /// Sorted by metric id, organisation id, quarter.
    public let observations: [Observation]
    /// Sorted by metric id, organisation id, quarter.
    public let targets: [TargetResult]

    public init(
        quarters: [Quarter], metrics: [MetricRegistry.Entry], observations: [Observation], targets: [TargetResult]
    ) {
        self.quarters = quarters
        self.metrics = metrics
        self.observations = observations
        self.targets = targets
    }
}
