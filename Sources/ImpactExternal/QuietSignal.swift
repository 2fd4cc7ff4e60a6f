#if canImport(Glibc)
    import Glibc
#endif

/// Signals that must not end `impact` — SIGPIPE (a plugin that closed its input), SIGXFSZ (a file past
/// `ulimit -f`) — caught by a handler that does nothing, so that the write fails (EPIPE, EFBIG) and is
/// reported instead. Not ignored (SIG_IGN): an ignored signal stays ignored in every program `impact`
/// starts, and a plugin written as `producer | head` in a shell would see its producer fail with "Broken
/// pipe" instead of ending quietly. A caught signal is back to its default in a started program.
public enum QuietSignal {
    public static func install(_ signalNumber: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(signalNumber, &action, nil)
    }
}
