/// A day of the proleptic Gregorian calendar, stored as the number of days since 1970-01-01.
///
/// Computed with Howard Hinnant's civil-date algorithms rather than Foundation's `Calendar`, which has
/// no time-zone-free day type and whose `.quarter` component has returned 0 on some platforms.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int { Int(day) }

    /// The day number in 32 bits (±5.8 million years, far beyond the years 1…9999 dates are read in):
    /// the start days of ten million engagements, the largest thing a portfolio run holds, take 40 MB
    /// instead of 80 (`EngagementColumns`).
    private let day: Int32

    /// The day `dayNumber` days after 1970-01-01; it must lie within ±5.8 million years of it (every day
    /// of the years 1…9999 does).
    public init(dayNumber: Int) {
        guard let day = Int32(exactly: dayNumber) else {
            preconditionFailure("day number \(dayNumber) is outside the calendar's range")
        }
        self.day = day
    }

    /// The date, or nil if it is not a real calendar day (year 1…9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDate.daysIn(month: month, year: year)
        else { return nil }
        self.init(anyYear: year, month: month, day: day)
    }

    /// The day in a proleptic Gregorian year of any number — 0, before, or after 9999 — for the first and
    /// last days of months and quarters that a window of quarters or a look back reaches near the
    /// calendar's ends (`YearMonth.firstDay`). `month` 1…12 and `day` within it.
    init(anyYear year: Int, month: Int, day: Int) {
        precondition((1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year))
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        self.init(dayNumber: era * 146_097 + dayOfEra - 719_468)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        self.init(iso: String(text))
    }

    /// The same for a `String`, read from its UTF-8 bytes in place (a loader parses millions of dates).
    public init?(iso text: String) {
        var text = text
        guard let date = text.withUTF8({ Self(isoUTF8: $0) }) else { return nil }
        self = date
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes.
    ///
    /// Written for speed, as typing ten million engagements parses two dates each (the general parse with
    /// the civil-date arithmetic was a tenth of it, profiled): the ten bytes are checked eight and two at a
    /// time (every digit's byte is 0x30…0x39 and the separators are "-"), and the day number is the
    /// arithmetic of `init(anyYear:month:day:)` in unsigned integers, which the years 1…9999 allow. A
    /// table of month starts did that before, but a global is reached through its lazy initializer at
    /// every use. A day above the 28th is checked against its month's length. Agrees with
    /// `init(year:month:day:)` (tested).
    public init?(isoUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, let start = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(start)
        // Little-endian: byte i in bits 8i…8i+7. Bytes 4 and 7 are the separators.
        let head = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let tail = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        guard head & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000 else { return nil }
        // Each digit's value; any other byte becomes a value above 9, which adding 0x76 carries into the
        // byte's high bit (or has it set already).
        let digits = (head ^ 0x3030_3030_3030_3030) & 0x00FF_FF00_FFFF_FFFF
        let dayDigits = tail ^ 0x3030
        guard ((digits &+ 0x7676_7676_7676_7676) | digits) & 0x8080_8080_8080_8080 == 0,
            ((dayDigits &+ 0x7676) | dayDigits) & 0x8080 == 0
        else { return nil }
        func digit(_ index: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: digits >> (8 * index)) & 0xFF }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let month = digit(5) * 10 + digit(6)
        let day = UInt32(dayDigits & 0xFF) * 10 + UInt32(dayDigits >> 8)
        guard year >= 1, month >= 1, month <= 12, day >= 1,
            day <= 28 || day <= UInt32(Self.daysIn(month: Int(month), year: Int(year)))
        else { return nil }
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        self.init(dayNumber: Int(era * 146_097 + dayOfEra) - 719_468)
    }

    /// Year, month (1…12) and day (1…31).
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The calendar month containing this day.
    public var month: YearMonth {
        let (year, month, _) = components
        return YearMonth(year: year, month: month)
    }

    public var description: String {
        let (year, month, day) = components
        return Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.day < rhs.day }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func number<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
