/// EU 2003/361 size bands by staff: micro < 10, small < 50, medium < 250, large ≥ 250.
public enum SizeBand: String, Sendable, Hashable, CaseIterable {
    case micro, small, medium, large
}
