import CAffinity

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The number of cores this process may run on: the CPUs of its affinity mask (what `taskset` and
/// cpusets allow), capped by the CPU quota of its cgroup (cgroup v2 `cpu.max`, or v1 `cpu.cfs_quota_us`
/// over `cpu.cfs_period_us`, rounded up), and at least 1.
///
/// Read with plain system calls instead of Foundation's `ProcessInfo.activeProcessorCount`, whose first
/// call read the cgroup files through Foundation's file and URL machinery — 686,000 instructions of an SMB
/// report's main thread, counted with callgrind against 16,000 here — and which ignores the affinity mask.
enum AvailableCores {
    static func count() -> Int {
        let quota =
            cgroupQuota(text: text(of: "/sys/fs/cgroup/cpu.max"))
            ?? cgroupQuota(
                text: text(of: "/sys/fs/cgroup/cpu/cpu.cfs_quota_us") + " "
                    + text(of: "/sys/fs/cgroup/cpu/cpu.cfs_period_us"))
        return max(1, min(affinityCount() ?? onlineCount(), quota ?? Int.max))
    }

    /// CPUs in the affinity mask; nil where it cannot be read.
    static func affinityCount() -> Int? {
        let count = Int(impact_affinity_count())
        return count > 0 ? count : nil
    }

    static func onlineCount() -> Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// The start of a small file's text; empty when it cannot be read.
    static func text(of file: String) -> String {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    /// Cores a quota allows: `quota period` in microseconds (cgroup v2's `cpu.max`, or v1's two files
    /// joined), rounded up; nil without a limit (`max` or `-1`) or without the text.
    static func cgroupQuota(text: String) -> Int? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 2, let quota = Int(fields[0]), let period = Int(fields[1]), quota > 0, period > 0 else {
            return nil
        }
        return (quota + period - 1) / period
    }
}
