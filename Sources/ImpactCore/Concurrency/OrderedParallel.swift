import Dispatch
import Foundation
import Synchronization

/// Work split into numbered parts that run on every core, with the results returned in part order, so
/// that what a caller builds from them does not depend on scheduling.
public enum OrderedParallel {
    /// The number of parts worth splitting `count` items into: a few per core, at least `minimum`
    /// items each, and 1 when the work is too small to share.
    public static func parts(for count: Int, minimum: Int) -> Int {
        max(1, min(cores * 4, count / max(1, minimum)))
    }

    /// The cores this process may use (`AvailableCores`), read once: it reads a cgroup file (a report
    /// asked a dozen times).
    public static let cores = AvailableCores.count()

    /// `body(part)` for every part in `0..<parts`, in parallel; the results in part order.
    public static func map<Result: Sendable>(parts: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        guard parts > 1 else { return parts == 1 ? [body(0)] : [] }
        let results = Mutex([Result?](repeating: nil, count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let result = body(part)
            results.withLock { $0[part] = result }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// The bounds of part `part` of `parts` over `0..<total`, as even as integers allow.
    public static func range(_ part: Int, of parts: Int, total: Int) -> Range<Int> {
        (total * part / parts)..<(total * (part + 1) / parts)
    }
}
