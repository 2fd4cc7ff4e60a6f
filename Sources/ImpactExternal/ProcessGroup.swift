import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process together with the processes it started: a plugin run through a wrapper (`sh run.sh`)
/// or a browser with its helper processes.
public enum ProcessGroup {
    /// Ends `process` and every process of its process group, so that a wrapper's children end with it
    /// instead of running on, orphaned, after `impact` has exited: SIGTERM first, then SIGKILL to those
    /// still there after `grace`. (SIGTERM alone is not enough: a child starts with the signal mask of
    /// the thread that started it, and a thread of a dispatch queue — a test runner's, say — blocks it.)
    ///
    /// Foundation starts each child as the leader of a group of its own; where that does not hold (the
    /// group is not the child's), only the child is signalled, as `Process.terminate()` does.
    public static func terminate(_ process: Process, grace: Duration = .seconds(1)) {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        // Still running, so not reaped: its pid, and the group it leads, are still its own. A group's
        // number is not given to a new process while any member is left.
        guard pid > 0, getpgid(pid) == pid else {
            process.terminate()
            return
        }
        kill(-pid, SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while clock.now < deadline {
            if kill(-pid, 0) != 0 { return }  // no member left
            Thread.sleep(forTimeInterval: 0.01)
        }
        kill(-pid, SIGKILL)
    }
}
