/// A calendar month, e.g. 2026-07.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1…12.
    public let month: Int

    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month must be 1…12")
        self.year = year
        self.month = month
    }

    /// Months since year 0, for arithmetic.
    public var ordinal: Int { year * 12 + month - 1 }

    public init(ordinal: Int) {
        let year = ordinal >= 0 ? ordinal / 12 : (ordinal - 11) / 12
        self.init(year: year, month: ordinal - year * 12 + 1)
    }

    /// Parses exactly `YYYY-MM`.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
            let year = CalendarDate.number(bytes[0..<4]), let month = CalendarDate.number(bytes[5..<7]),
            year >= 1, (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month's first and last days — also of a month before the year 1 or after 9999, which a
    /// window of quarters can reach (dates are read only within those years).
    public var firstDay: CalendarDate { CalendarDate(anyYear: year, month: month, day: 1) }
    public var lastDay: CalendarDate {
        CalendarDate(anyYear: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
    }

    public func adding(months: Int) -> YearMonth { YearMonth(ordinal: ordinal + months) }

    public var description: String { CalendarDate.pad(year, 4) + "-" + CalendarDate.pad(month, 2) }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.ordinal < rhs.ordinal }
}
