/// An organisation's partners numbered 0, 1, 2 … in the order of their positions in the dataset's
/// partner table, with the partner of each of its engagements by number.
///
/// The partner sets of a metric context (a quarter's active partners, its new partners) are bitmaps over
/// these numbers: a few words for an organisation. Over every partner of the dataset instead, each
/// organisation and quarter cleared and read 782 words at full size (50,000 partners), a cost that grew
/// with the portfolio on top of the organisations' own: the metric engine took 12.2 × its time at a tenth
/// of the size, these bitmaps alone 0.7 s of CPU at full size against none at a tenth (profiled).
struct OrganizationPartners: Sendable {
    /// The organisation's distinct partners, as positions in `dataset.partners`, ascending.
    let positions: [Int32]
    /// The partner's number (an index into `positions`) of each of the organisation's engagements, from
    /// the first of its range in the engagement columns.
    let numbers: [Int32]
    /// Where the organisation's engagements start in the engagement columns.
    let first: Int

    /// No organisation's: no partners.
    static let none = OrganizationPartners(positions: [], numbers: [], first: 0)

    private init(positions: [Int32], numbers: [Int32], first: Int) {
        self.positions = positions
        self.numbers = numbers
        self.first = first
    }

    /// The partners of the organisation in `slot`, numbered from one bitmap over the positions its
    /// engagements name (made once per organisation): a partner's number is the count of marked positions
    /// before its own.
    init(dataset: Dataset, slot: Int) {
        let range = dataset.engagementRange(slot)
        first = range.lowerBound
        guard !range.isEmpty else {
            positions = []
            numbers = []
            return
        }
        (positions, numbers) = dataset.engagementPartners.withUnsafeBufferPointer { all in
            let partners = UnsafeBufferPointer(rebasing: all[range])
            var lowest = Int32.max
            var highest = Int32.min
            for partner in partners {
                lowest = min(lowest, partner)
                highest = max(highest, partner)
            }
            let base = Int(lowest) >> 6
            let words = Int(highest) >> 6 - base + 1
            return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * words) { memory in
                let bits = UnsafeMutableBufferPointer(rebasing: memory[..<words])
                // Per marked word, the number of marked positions in the words before it (the others are
                // never read).
                let before = UnsafeMutableBufferPointer(rebasing: memory[words...])
                bits.initialize(repeating: 0)
                for partner in partners {
                    let position = Int(partner)
                    bits[(position >> 6) - base] |= 1 << UInt64(position & 63)
                }
                var found: [Int32] = []
                found.reserveCapacity(partners.count)
                for word in 0..<words where bits[word] != 0 {
                    before[word] = UInt64(found.count)
                    MetricContext.appendSetBits(of: bits[word], word: base + word, to: &found)
                }
                let numbers = [Int32](unsafeUninitializedCapacity: partners.count) { numbers, count in
                    for (index, partner) in partners.enumerated() {
                        let position = Int(partner)
                        let word = (position >> 6) - base
                        let lower = bits[word] & ((1 << UInt64(position & 63)) &- 1)
                        numbers[index] = Int32(truncatingIfNeeded: before[word]) &+ Int32(lower.nonzeroBitCount)
                    }
                    count = partners.count
                }
                return (found, numbers)
            }
        }
    }

    /// The number of the partner of the engagement at `index` of the engagement columns (one of the
    /// organisation's).
    @inline(__always)
    func number(ofEngagementAt index: Int) -> Int { Int(numbers[index - first]) }

    /// How many 64-bit words a bitmap over the organisation's partners takes.
    var words: Int { (positions.count + 63) >> 6 }

    /// The positions of the partners whose numbers are set in `bits`, ascending.
    func positions(ofNumbersSetIn bits: UnsafeBufferPointer<UInt64>, count: Int) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(count)
        for word in bits.indices {
            var remaining = bits[word]
            while remaining != 0 {
                result.append(positions[(word << 6) + remaining.trailingZeroBitCount])
                remaining &= remaining - 1
            }
        }
        return result
    }
}
