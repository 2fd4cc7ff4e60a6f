import ImpactCore

/// Which revision `--as-of` reads: a number, or the last revision recorded on or before the end of a UTC
/// day.
public enum RevisionSelector: Sendable, Hashable, CustomStringConvertible {
    case number(Int)
    case day(CalendarDate)

    /// `N` (a revision number from 1) or `YYYY-MM-DD`.
    public init?(_ text: String) {
        if let number = Int(text), number >= 1, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            self = .number(number)
        } else if let date = CalendarDate(iso: text) {
            self = .day(date)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .number(let number): return String(number)
        case .day(let date): return date.description
        }
    }

    /// The revision selected among `revisions` (in recorded order).
    func resolve(in revisions: [Revision]) throws(StoreError) -> Revision {
        switch self {
        case .number(let number):
            guard let revision = revisions.first(where: { $0.number == number }) else {
                throw .noSuchRevision(
                    "the store has no revision \(number) (it has \(revisions.isEmpty ? "none" : "1 to \(revisions.count)"))"
                )
            }
            return revision
        case .day(let date):
            let day = date.description
            guard let revision = revisions.last(where: { $0.day <= day }) else {
                let first = revisions.first.map { "; the first was recorded on \($0.day)" } ?? ""
                throw .noSuchRevision("the store has no revision recorded on or before \(day) (UTC)\(first)")
            }
            return revision
        }
    }
}
