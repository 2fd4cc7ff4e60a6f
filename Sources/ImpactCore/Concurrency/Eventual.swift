import Dispatch
import Foundation
import Synchronization

/// A value made on a thread of its own while the caller goes on, for whoever asks for it later: asking
/// waits until it is made, then returns at once, however often.
///
/// A thread rather than a work item on a shared queue: whoever asks waits for it, and a queue whose
/// threads were all waiting so would never run it.
public final class Eventual<Value: Sendable>: Sendable {
    private let made = Mutex<Value?>(nil)
    /// Entered until the value is made.
    private let pending = DispatchGroup()

    /// Starts `make` on a thread of its own.
    public init(_ make: @escaping @Sendable () -> Value) {
        pending.enter()
        Thread { [self] in
            let value = make()
            made.withLock { $0 = value }
            pending.leave()
        }.start()
    }

    /// A value already made.
    public init(made value: Value) {
        made.withLock { $0 = value }
    }

    /// The value, once made.
    public var value: Value {
        pending.wait()
        return made.withLock { $0! }
    }
}
