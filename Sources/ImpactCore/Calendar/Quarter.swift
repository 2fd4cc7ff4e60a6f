/// A fiscal quarter, labelled `YYYY-Qn` by the calendar year in which its fiscal year ends.
///
/// A quarter is only a label; which months it covers depends on the workspace's `FiscalCalendar`.
public struct Quarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The fiscal year, named by the calendar year in which it ends.
    public let fiscalYear: Int
    /// 1…4.
    public let number: Int

    public init(fiscalYear: Int, number: Int) {
        precondition((1...4).contains(number), "a quarter number is 1…4")
        self.fiscalYear = fiscalYear
        self.number = number
    }

    /// Quarters since fiscal year 0, for arithmetic.
    public var ordinal: Int { fiscalYear * 4 + number - 1 }

    public init(ordinal: Int) {
        let year = ordinal >= 0 ? ordinal / 4 : (ordinal - 3) / 4
        self.init(fiscalYear: year, number: ordinal - year * 4 + 1)
    }

    /// Parses `YYYY-Qn`, `YYYYQn` and `Qn YYYY` (the `Q` in either case); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        func isQ(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "Q") || byte == UInt8(ascii: "q") }
        func quarterDigit(_ byte: UInt8) -> Int? {
            byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "4") ? Int(byte - UInt8(ascii: "0")) : nil
        }
        var year: Int?
        var number: Int?
        switch bytes.count {
        case 7 where bytes[4] == UInt8(ascii: "-") && isQ(bytes[5]):
            year = CalendarDate.number(bytes[0..<4])
            number = quarterDigit(bytes[6])
        case 6 where isQ(bytes[4]):
            year = CalendarDate.number(bytes[0..<4])
            number = quarterDigit(bytes[5])
        case 7 where isQ(bytes[0]) && bytes[2] == UInt8(ascii: " "):
            year = CalendarDate.number(bytes[3..<7])
            number = quarterDigit(bytes[1])
        default:
            return nil
        }
        guard let year, let number, year >= 1 else { return nil }
        self.init(fiscalYear: year, number: number)
    }

    /// The quarter `offset` quarters later (earlier when negative).
    public func adding(_ offset: Int) -> Quarter { Quarter(ordinal: ordinal + offset) }

    /// The canonical label, e.g. `2026-Q3`.
    public var description: String { CalendarDate.pad(fiscalYear, 4) + "-Q" + String(number) }

    public static func < (lhs: Quarter, rhs: Quarter) -> Bool { lhs.ordinal < rhs.ordinal }

    /// `count` consecutive quarters ending with `last`, oldest first.
    public static func window(endingWith last: Quarter, count: Int) -> [Quarter] {
        (0..<max(count, 0)).reversed().map { last.adding(-$0) }
    }
}
