/// Round axis ticks ("nice numbers": 1, 2, 2.5, 5 × 10ⁿ) covering a range of values, starting at zero
/// when all values are positive so that bars and lines are not exaggerated.
enum NiceScale {
    static func ticks(for values: [Double], count: Int = 5) -> [Double] {
        guard let lowest = values.min(), let highest = values.max() else { return [0, 1] }
        var low = min(0, lowest)
        var high = max(0, highest)
        if low == high { high = low + 1 }
        let rough = (high - low) / Double(max(count - 1, 1))
        let magnitude = pow10(floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        low = floor(low / step) * step
        high = ceil(high / step) * step
        var ticks: [Double] = []
        var tick = low
        while tick <= high + step / 2 {
            ticks.append(abs(tick) < step / 1e9 ? 0 : tick)
            tick += step
        }
        return ticks
    }

    static func pow10(_ exponent: Double) -> Double { pow(10, exponent) }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
