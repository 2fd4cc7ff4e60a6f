/// Which way of change is good news.
public enum MetricDirection: String, Sendable, Hashable, CaseIterable {
    case higherIsBetter = "higher_is_better"
    case lowerIsBetter = "lower_is_better"
    case neutral
}
