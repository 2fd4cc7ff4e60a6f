/// A reporting period as written in the data: a fiscal quarter or a calendar month.
public enum Period: Sendable, Hashable, CustomStringConvertible {
    case quarter(Quarter)
    case month(YearMonth)

    /// Parses a fiscal quarter in any accepted form (`2026-Q3`, `2026Q3`, `2026-q3`, `Q3 2026`) or a
    /// calendar month `YYYY-MM`.
    public init?(_ text: some StringProtocol) {
        if let quarter = Quarter(text) {
            self = .quarter(quarter)
        } else if let month = YearMonth(iso: text) {
            self = .month(month)
        } else {
            return nil
        }
    }

    /// The fiscal quarter this period is or belongs to.
    public func quarter(in calendar: FiscalCalendar) -> Quarter {
        switch self {
        case .quarter(let quarter): return quarter
        case .month(let month): return calendar.quarter(containing: month)
        }
    }

    public var description: String {
        switch self {
        case .quarter(let quarter): return quarter.description
        case .month(let month): return month.description
        }
    }
}
