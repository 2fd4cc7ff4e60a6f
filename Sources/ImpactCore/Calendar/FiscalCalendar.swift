/// Maps calendar days and months to fiscal quarters for a fiscal year starting in a given month.
///
/// A fiscal year is named by the calendar year in which it ends: with a start month of 4, FY2027 runs
/// from 2026-04-01 to 2027-03-31 and `2027-Q1` is April–June 2026. With start month 1, fiscal quarters
/// are calendar quarters. Quarters are computed from month numbers only.
public struct FiscalCalendar: Sendable, Hashable {
    /// The month (1…12) in which each fiscal year starts.
    public let startMonth: Int

    /// A calendar whose fiscal year starts in `startMonth`; nil unless it is 1…12.
    public init?(startMonth: Int) {
        guard (1...12).contains(startMonth) else { return nil }
        self.startMonth = startMonth
    }

    /// Calendar quarters (fiscal year = calendar year).
    public static let calendarYear = FiscalCalendar(startMonth: 1)!

    /// The fiscal quarter containing a calendar month.
    public func quarter(containing month: YearMonth) -> Quarter {
        let monthsIntoYear = (month.month - startMonth + 12) % 12
        let fiscalYear = startMonth == 1 || month.month < startMonth ? month.year : month.year + 1
        return Quarter(fiscalYear: fiscalYear, number: monthsIntoYear / 3 + 1)
    }

    /// The fiscal quarter containing a day.
    public func quarter(containing date: CalendarDate) -> Quarter {
        quarter(containing: date.month)
    }

    /// The first calendar month of a fiscal quarter.
    public func firstMonth(of quarter: Quarter) -> YearMonth {
        let startYear = startMonth == 1 ? quarter.fiscalYear : quarter.fiscalYear - 1
        return YearMonth(year: startYear, month: startMonth).adding(months: (quarter.number - 1) * 3)
    }

    /// The three calendar months of a fiscal quarter, in order.
    public func months(of quarter: Quarter) -> [YearMonth] {
        let first = firstMonth(of: quarter)
        return [first, first.adding(months: 1), first.adding(months: 2)]
    }

    /// The first day of a fiscal quarter.
    public func firstDay(of quarter: Quarter) -> CalendarDate { firstMonth(of: quarter).firstDay }

    /// The last day of a fiscal quarter.
    public func lastDay(of quarter: Quarter) -> CalendarDate { firstMonth(of: quarter).adding(months: 2).lastDay }
}
