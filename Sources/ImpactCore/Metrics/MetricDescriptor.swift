/// Everything a report, the catalogue and aggregation need to know about a metric.
public struct MetricDescriptor: Sendable {
    /// `namespace.name`, lowercase snake case; never changes once released.
    public let id: String
    public let title: String
    /// One sentence: what the metric is and how it is computed.
    public let summary: String
    public let unit: MetricUnit
    public let direction: MetricDirection
    /// Whether a sum over organisations means something.
    public let additive: Bool
    /// The matching IRIS+ (GIIN) metric id, if any.
    public let iris: String?
    /// Worked examples, run by the generic descriptor test.
    public let examples: [MetricExample]

    public init(
        id: String, title: String, summary: String, unit: MetricUnit, direction: MetricDirection,
        additive: Bool, iris: String? = nil, examples: [MetricExample] = []
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.unit = unit
        self.direction = direction
        self.additive = additive
        self.iris = iris
        self.examples = examples
    }

    /// Whether `id` has the form `namespace.name` in lowercase snake case.
    public static func isValidID(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
                return false
            }
            return part.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            }
        }
    }
}
