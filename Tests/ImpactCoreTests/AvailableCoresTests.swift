import Foundation
import Testing

@testable import ImpactCore

/// The cores the engine spreads work over: the affinity mask capped by a cgroup CPU quota.
@Suite struct AvailableCoresTests {
    @Test func aQuotaIsRoundedUpAndNoLimitIsNone() {
        #expect(AvailableCores.cgroupQuota(text: "max 100000\n") == nil)
        #expect(AvailableCores.cgroupQuota(text: "-1 100000") == nil)
        #expect(AvailableCores.cgroupQuota(text: "") == nil)
        #expect(AvailableCores.cgroupQuota(text: " ") == nil)
        #expect(AvailableCores.cgroupQuota(text: "200000 100000\n") == 2)
        #expect(AvailableCores.cgroupQuota(text: "150000 100000") == 2)
        #expect(AvailableCores.cgroupQuota(text: "50000 100000") == 1)
        #expect(AvailableCores.cgroupQuota(text: "100000\n 100000\n") == 1)
    }

    /// Without a CPU quota, Foundation counts the online CPUs and this the allowed ones: the same here unless
    /// the tests run under `taskset`; with a quota both apply it.
    @Test func theCountIsFoundationsWhereTheAffinityMaskAllowsEveryCPU() throws {
        let count = AvailableCores.count()
        #expect(count >= 1)
        #expect(count <= AvailableCores.onlineCount())
        let affinity = try #require(AvailableCores.affinityCount())
        if affinity == AvailableCores.onlineCount() {
            #expect(count == ProcessInfo.processInfo.activeProcessorCount)
        }
        #expect(OrderedParallel.cores == count)
    }
}
