import Synchronization

/// Values a command keeps until the process exits instead of freeing them when it is done with them.
///
/// A portfolio's dataset is ten million engagements, each holding its ids as strings: freeing it visits
/// every one of them on one core — half a second at the end of a full-size `validate`
/// (profiled: the time between printing the summary and the process ending) — memory the operating system
/// takes back at exit in one step anyway. Only for what a command's last step still held; nothing kept
/// here grows the peak.
enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    static func keep(_ value: some Sendable) {
        kept.withLock { $0.append(value) }
    }
}
