import Dispatch
import Foundation
import ImpactExternal
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C (SIGINT) and SIGTERM, handled so that no partial output is left behind. In a batch, the signal
/// only raises a flag: each worker finishes or discards the member it is on and stops (and the plugins
/// are shut down as at the end of any run). Otherwise the running plugins are ended, the temporary files
/// registered so far are removed and the process exits with status 130.
final class Interruption: Sendable {
    static let shared = Interruption()

    private let state = Mutex<(requested: Bool, batch: Bool, temporaries: Set<String>)>((false, false, []))
    private let sources = Mutex<[any DispatchSourceSignal]>([])

    /// Starts listening; call once before writing anything.
    func install() {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { [self] in self.handle() }
                source.resume()
                sources.append(source)
            }
        }
    }

    var isRequested: Bool { state.withLock { $0.requested } }

    /// In batch mode the workers stop by themselves.
    func beginBatch() { state.withLock { $0.batch = true } }

    func register(_ path: String) { state.withLock { _ = $0.temporaries.insert(path) } }
    func unregister(_ path: String) { state.withLock { _ = $0.temporaries.remove(path) } }

    private func handle() {
        let (batch, temporaries) = state.withLock { state -> (Bool, Set<String>) in
            state.requested = true
            return (state.batch, state.temporaries)
        }
        guard !batch else { return }
        ProcessGroup.terminateAll()  // the plugins, and what they started
        for path in temporaries { try? FileManager.default.removeItem(atPath: path) }
        FileHandle.standardError.write(Data("interrupted: nothing was written\n".utf8))
        exit(130)
    }
}
