import Foundation

/// The system's reason for a failed file operation, as a person reads it: `No space left on device`,
/// `Permission denied`, `File too large`.
public enum SystemReason {
    /// The text of an errno value.
    public static func text(errno code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// The reason behind a Foundation error: its underlying POSIX error's text (Foundation's own text on
    /// Linux is "The operation could not be completed" with a domain and code), else its description.
    public static func text(of error: any Error) -> String {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return text(errno: Int32(error.code)) }
        // The underlying error is a `POSIXError` value, which does not cast to `NSError` on Linux.
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error {
            let underlying = underlying as NSError
            if underlying.domain == NSPOSIXErrorDomain { return text(errno: Int32(underlying.code)) }
        }
        return error.localizedDescription
    }
}
