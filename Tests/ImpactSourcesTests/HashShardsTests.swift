import Testing

@testable import ImpactGenerator
@testable import ImpactSources

@Suite struct HashShardsTests {
    /// Each hash is in the bucket of its value modulo the number of buckets (read as unsigned, so that
    /// negative hashes have one too), every bucket in the order of appending, however far it grew past the
    /// room it started with, and nothing is lost: compared with arrays filled the plain way.
    @Test func bucketsHoldEveryHashInOrderAsArraysWould() {
        var random = SplitMix64(seed: 42)
        for (shards, expected, count) in [(1, 1, 0), (1, 1, 100), (3, 2, 1_000), (7, 16, 5_000), (153, 1, 20_000)] {
            let buckets = HashShards(shards: shards, expected: expected)
            var reference = [[Int]](repeating: [], count: shards)
            for _ in 0..<count {
                let hash = Int(bitPattern: UInt(random.next()))
                buckets.append(hash)
                reference[Int(UInt(bitPattern: hash) % UInt(shards))].append(hash)
            }
            #expect(buckets.count == shards)
            #expect(buckets.total == count)
            for shard in 0..<shards { #expect(Array(buckets[shard]) == reference[shard]) }
        }
    }

    /// Fewer than one bucket asked for is one bucket.
    @Test func atLeastOneBucket() {
        let buckets = HashShards(shards: 0, expected: 0)
        buckets.append(-5)
        #expect(buckets.count == 1)
        #expect(Array(buckets[0]) == [-5])
    }
}
