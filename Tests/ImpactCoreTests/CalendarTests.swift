import ImpactCore
import Testing

@Suite struct CalendarDateTests {
    @Test(arguments: [
        ("1970-01-01", 0), ("1970-01-02", 1), ("1969-12-31", -1), ("2000-03-01", 11_017), ("2024-02-29", 19_782),
    ])
    func dayNumbers(text: String, day: Int) throws {
        let date = try #require(CalendarDate(iso: text))
        #expect(date.dayNumber == day)
        #expect(date.description == text)
    }

    @Test func everyDayRoundTripsAndFollowsTheNext() {
        var previous = CalendarDate(year: 1899, month: 12, day: 31)!
        for day in CalendarDate(year: 1900, month: 1, day: 1)!
            .dayNumber...CalendarDate(year: 2101, month: 1, day: 1)!.dayNumber
        {
            let date = CalendarDate(dayNumber: day)
            let (year, month, dayOfMonth) = date.components
            #expect(CalendarDate(year: year, month: month, day: dayOfMonth) == date)
            #expect(previous.days(to: date) == 1)
            previous = date
        }
    }

    /// Parsing finds the same day as the civil-date arithmetic, or none where that has none: every month
    /// (and the months 0 and 13) and day (0 to 32) of the first years, the years around 400-year eras'
    /// ends, the years data is mostly of, years across the whole range, and the last.
    @Test func parsingAgreesWithTheArithmetic() {
        func padded(_ value: Int, _ width: Int) -> String {
            String(repeating: "0", count: width - String(value).count) + String(value)
        }
        let years =
            Array(0...5) + Array(396...404) + Array(1597...1603) + Array(1897...2202)
            + Array(stride(from: 7, through: 9999, by: 97)) + [1000, 2999, 9996, 9999]
        for year in years {
            for month in 0...13 {
                for day in 0...32 {
                    let text = "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
                    #expect(CalendarDate(iso: text) == CalendarDate(year: year, month: month, day: day), "\(text)")
                }
            }
        }
    }

    /// A byte just outside the digits ("/" and ":", which would read as -1 and 10), or any other, in any
    /// digit's place, or anything but "-" between the parts, is no day: in dates where a digit of 10 would
    /// still make a real day (2024-01-19 with ":" for its last digit would be the 20th).
    @Test(arguments: ["2024-01-19", "2024-02-29", "1999-10-10"])
    func aNonDigitAnywhereIsNoDay(text: String) {
        let good = Array(text.utf8)
        #expect(good.withUnsafeBufferPointer { CalendarDate(isoUTF8: $0) } != nil)
        for position in good.indices {
            let others: [UInt8] =
                position == 4 || position == 7 ? Array("/:+0 ".utf8) + [0xAD] : Array("/:a -".utf8) + [0xB0, 0xFF]
            for other in others {
                var bytes = good
                bytes[position] = other
                #expect(bytes.withUnsafeBufferPointer { CalendarDate(isoUTF8: $0) } == nil, "\(position) \(other)")
            }
        }
    }

    /// The first and last days of the calendar (years 1 and 9999) and days far beyond them keep their
    /// numbers, order and text in the 32-bit store.
    @Test func theWholeRangeFitsTheStore() throws {
        let first = try #require(CalendarDate(iso: "0001-01-01"))
        let last = try #require(CalendarDate(iso: "9999-12-31"))
        #expect(first.dayNumber == -719_162)
        #expect(last.dayNumber == 2_932_896)
        #expect(first < last && !(last < first))
        #expect(CalendarDate(dayNumber: last.dayNumber).description == "9999-12-31")
        for day in [Int(Int32.min), -100_000_000, -1, 0, 100_000_000, Int(Int32.max)] {
            #expect(CalendarDate(dayNumber: day).dayNumber == day)
        }
        #expect(CalendarDate(dayNumber: -1) < CalendarDate(dayNumber: 0))
    }

    /// Months before the year 1 and after 9999, which a window of quarters and its look back can reach,
    /// have first and last days too: consecutive, each month as long as the calendar says, from the
    /// year -2 to 10001, agreeing with `init(year:month:day:)` where that has the day.
    @Test func monthsOutsideTheReadableYearsHaveDays() {
        var previous = YearMonth(year: -3, month: 12).lastDay
        for ordinal in YearMonth(year: -2, month: 1).ordinal...YearMonth(year: 10_001, month: 12).ordinal {
            let month = YearMonth(ordinal: ordinal)
            #expect(previous.days(to: month.firstDay) == 1, "\(month)")
            #expect(
                month.firstDay.days(to: month.lastDay) + 1 == CalendarDate.daysIn(month: month.month, year: month.year))
            if let known = CalendarDate(year: month.year, month: month.month, day: 1) {
                #expect(known == month.firstDay, "\(month)")
            } else {
                #expect(month.year < 1 || month.year > 9999)
            }
            previous = month.lastDay
        }
    }

    /// Ten million engagements are the largest thing a portfolio run holds: in the dataset's columns one
    /// takes 53 bytes — its id, its organisation's and partner's positions, its kind, its days (32 bits
    /// each, the end day with its "ongoing" flag) and its exact amount.
    @Test func anEngagementTakesFiftyThreeBytesInColumns() {
        let bytes = [
            MemoryLayout<Identifier?>.stride, MemoryLayout<Int32>.stride, MemoryLayout<Int32>.stride,
            MemoryLayout<EngagementKind>.stride, MemoryLayout<CalendarDate>.stride, MemoryLayout<CalendarDate?>.stride,
            MemoryLayout<ExactDecimal>.stride,
        ]
        #expect(bytes == [16, 4, 4, 1, 4, 8, 16])
        #expect(bytes.reduce(0, +) == 53)
    }

    @Test(arguments: ["2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01", "9999-12-31"])
    func realDays(text: String) {
        #expect(CalendarDate(iso: text) != nil)
    }

    @Test(arguments: [
        "2023-02-29", "1900-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "26-01-01",
        "2026-01-01 ", " 2026-01-01", "2026/01/01", "2026-01-01T00:00", "", "2026-01-0a", "0000-01-01", "+026-01-01",
    ])
    func notDays(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }
}

@Suite struct QuarterTests {
    @Test(arguments: ["2026-Q3", "2026Q3", "2026-q3", "Q3 2026", "q3 2026", "2026q3"])
    func acceptedForms(text: String) {
        #expect(Quarter(text) == Quarter(fiscalYear: 2026, number: 3))
        #expect(Quarter(text)?.description == "2026-Q3")
    }

    @Test(arguments: [
        "2026-Q5", "2026-Q0", "2026 Q3", "Q3-2026", "2026-Q", "26-Q3", "2026-Q3 ", "2026-07", "Q32026", "",
    ])
    func rejectedForms(text: String) {
        #expect(Quarter(text) == nil)
    }

    @Test func arithmeticCrossesYears() {
        let q: Quarter = "2026-Q1"
        #expect(q.adding(-1).description == "2025-Q4")
        #expect(q.adding(-4).description == "2025-Q1")
        #expect(q.adding(7).description == "2027-Q4")
        #expect(
            Quarter.window(endingWith: "2026-Q3", count: 8).map(\.description) == [
                "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3",
            ])
    }
}

@Suite struct FiscalCalendarTests {
    @Test(arguments: [
        (1, "2026-01-01", "2026-Q1"), (1, "2026-03-31", "2026-Q1"), (1, "2026-04-01", "2026-Q2"),
        (1, "2026-12-31", "2026-Q4"),
        (4, "2026-04-01", "2027-Q1"), (4, "2026-06-30", "2027-Q1"), (4, "2026-07-01", "2027-Q2"),
        (4, "2027-01-15", "2027-Q4"), (4, "2027-03-31", "2027-Q4"), (4, "2027-04-01", "2028-Q1"),
        (4, "2026-03-31", "2026-Q4"),
        (7, "2026-07-01", "2027-Q1"), (7, "2026-06-30", "2026-Q4"), (7, "2026-12-31", "2027-Q2"),
        (7, "2027-01-01", "2027-Q3"),
        (10, "2025-10-01", "2026-Q1"), (10, "2025-12-31", "2026-Q1"), (10, "2026-01-01", "2026-Q2"),
        (10, "2026-09-30", "2026-Q4"), (10, "2024-02-29", "2024-Q2"),
        (2, "2026-02-01", "2027-Q1"), (2, "2026-01-31", "2026-Q4"), (12, "2025-12-01", "2026-Q1"),
        (12, "2026-11-30", "2026-Q4"),
    ])
    func quarterOfADay(start: Int, day: String, label: String) throws {
        let calendar = try #require(FiscalCalendar(startMonth: start))
        let date = try #require(CalendarDate(iso: day))
        #expect(calendar.quarter(containing: date).description == label)
    }

    @Test(arguments: [
        (1, "2026-Q1", "2026-01-01", "2026-03-31"), (4, "2027-Q1", "2026-04-01", "2026-06-30"),
        (4, "2027-Q4", "2027-01-01", "2027-03-31"), (7, "2026-Q3", "2026-01-01", "2026-03-31"),
        (10, "2024-Q2", "2024-01-01", "2024-03-31"), (11, "2024-Q2", "2024-02-01", "2024-04-30"),
        (12, "2024-Q1", "2023-12-01", "2024-02-29"),
    ])
    func boundsOfAQuarter(start: Int, quarter: String, first: String, last: String) throws {
        let calendar = try #require(FiscalCalendar(startMonth: start))
        let q = try #require(Quarter(quarter))
        #expect(calendar.firstDay(of: q).description == first)
        #expect(calendar.lastDay(of: q).description == last)
    }

    @Test func quartersTileTheCalendarForEveryStartMonth() throws {
        for start in 1...12 {
            let calendar = try #require(FiscalCalendar(startMonth: start))
            var quarter = calendar.quarter(containing: CalendarDate(year: 2019, month: 1, day: 1)!)
            for _ in 0..<40 {
                let first = calendar.firstDay(of: quarter)
                let last = calendar.lastDay(of: quarter)
                #expect(calendar.quarter(containing: first) == quarter)
                #expect(calendar.quarter(containing: last) == quarter)
                #expect(calendar.firstDay(of: quarter.adding(1)).dayNumber == last.dayNumber + 1)
                // The fiscal year is named by the calendar year in which it ends.
                let yearEnd = calendar.lastDay(of: Quarter(fiscalYear: quarter.fiscalYear, number: 4))
                #expect(yearEnd.components.year == quarter.fiscalYear)
                #expect(calendar.months(of: quarter).count == 3)
                quarter = quarter.adding(1)
            }
        }
    }

    @Test func startMonthOutsideTheYearIsRefused() {
        #expect(FiscalCalendar(startMonth: 0) == nil)
        #expect(FiscalCalendar(startMonth: 13) == nil)
    }

    @Test func periodsMapMonthsIntoFiscalQuarters() throws {
        let april = try #require(FiscalCalendar(startMonth: 4))
        #expect(Period("2026-07")?.quarter(in: april).description == "2027-Q2")
        #expect(Period("2026Q3")?.quarter(in: april).description == "2026-Q3")
        #expect(Period("2026-13") == nil)
        #expect(Period("2026-7") == nil)
    }
}
