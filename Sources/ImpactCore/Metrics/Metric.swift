/// One metric: a descriptor and the rule that computes it.
///
/// Implementations must be pure functions of the context: same dataset, organisation and quarter, same
/// value. The engine only calls `value(in:)` for an organisation that reports in the quarter; for one
/// that does not, every metric is null with reason `no_data` without asking the metric. A metric of unit
/// `money` must return `.money` or `.null`; every other unit `.number` or `.null`.
public protocol Metric: Sendable {
    var descriptor: MetricDescriptor { get }
    func value(in context: MetricContext) -> MetricValue
}
