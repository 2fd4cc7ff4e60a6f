import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process together with the processes it started: a plugin run through a wrapper (`sh run.sh`)
/// or a browser with its helper processes.
///
/// Foundation starts each child as the leader of a process group of its own; where that does not hold
/// (the group is not the child's), only the child itself is signalled, as `Process.terminate()` does.
public enum ProcessGroup {
    /// The groups of the children started and not yet ended (`track`), for `terminateAll`.
    private static let tracked = Mutex<Set<Int32>>([])

    /// Ends `process` and every process of its group, so that a wrapper's children end with it instead
    /// of running on, orphaned, after `impact` has exited: SIGTERM first, then SIGKILL to those still
    /// there after `grace`. (SIGTERM alone is not enough: a child starts with the signal mask of the
    /// thread that started it, and a thread of a dispatch queue — a test runner's, say — blocks it.)
    public static func terminate(_ process: Process, grace: Duration = .seconds(1)) {
        guard process.isRunning else { return }
        // Still running, so not reaped: its pid, and the group it leads, are still its own. A group's
        // number is not given to a new process while any member is left.
        guard let group = group(ledBy: process) else {
            process.terminate()
            return
        }
        end([group], grace: grace)
    }

    /// Remembers the group `process` leads until `untrack` (from its termination handler): call it right
    /// after the process has started.
    public static func track(_ process: Process) {
        guard let group = group(ledBy: process) else { return }
        tracked.withLock { _ = $0.insert(group) }
        if !process.isRunning { untrack(group) }  // it ended before it was tracked
    }

    public static func untrack(_ pid: Int32) {
        tracked.withLock { _ = $0.remove(pid) }
    }

    /// Ends every tracked group as `terminate` ends one, all at once: for a process about to exit on
    /// Ctrl-C, whose plugins would otherwise run on.
    public static func terminateAll(grace: Duration = .milliseconds(500)) {
        end(Array(tracked.withLock { $0 }), grace: grace)
    }

    /// The process group `process` leads (its pid), or nil when it leads none.
    private static func group(ledBy process: Process) -> Int32? {
        let pid = process.processIdentifier
        return pid > 0 && getpgid(pid) == pid ? pid : nil
    }

    private static func end(_ groups: [Int32], grace: Duration) {
        guard !groups.isEmpty else { return }
        for group in groups { kill(-group, SIGTERM) }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        var left = groups
        while clock.now < deadline {
            left = left.filter { kill(-$0, 0) == 0 }  // members left
            if left.isEmpty { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        for group in left { kill(-group, SIGKILL) }
    }
}
