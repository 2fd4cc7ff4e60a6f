#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Input files are mapped into memory (`InputBytes`); one that another program shortens while it is read
/// cannot be read to its old end, and the system then sends SIGBUS, which would end the process with
/// "Bus error" and no word of why. This handler says why and exits with status 1. Outputs are written to
/// temporary files and renamed into place, so none is replaced by a half-written one.
enum BusErrorReport {
    static func install() {
        signal(SIGBUS) { _ in
            // Only what is safe in a signal handler: a static text written to stderr, and _exit.
            let message: StaticString =
                "error: an input file was changed or shortened while it was being read (bus error); no output was replaced: run the command again\n"
            message.withUTF8Buffer { _ = write(2, $0.baseAddress, $0.count) }
            _exit(1)
        }
    }
}
