/// A headline figure with its change and target status.
public struct KPICard: Sendable, Hashable {
    public var label: String
    /// Formatted value, e.g. `€1,234,567.50`; `n/a` with `note` when null.
    public var value: String
    /// Formatted change against the previous quarter, e.g. `+5.1 %`.
    public var change: String?
    /// Whether the change is good news for this metric's direction.
    public var trend: Trend
    /// e.g. `Target 5.0 %: met`.
    public var target: String?
    public var targetMet: Bool?
    /// A short explanation, e.g. why the value is missing or a risk band.
    public var note: String?

    public enum Trend: String, Sendable, Hashable {
        case improved, worsened, unchanged, unknown
    }

    public init(
        label: String, value: String, change: String? = nil, trend: Trend = .unknown, target: String? = nil,
        targetMet: Bool? = nil, note: String? = nil
    ) {
        self.label = label
        self.value = value
        self.change = change
        self.trend = trend
        self.target = target
        self.targetMet = targetMet
        self.note = note
    }
}
