import Foundation

/// A calendar day with no time and no zone: a due date, a review date, a bank holiday. It ends
/// at midnight where the organisation is (`WorkingDayCalendar.endOf`), so an action due today is
/// overdue from the next local midnight, in winter and in summer. Written `YYYY-MM-DD`.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The first day Haven takes: nothing it records (a birth, an event, advice) is older.
    public static let earliest = Day(1900, 1, 1)

    /// nil unless `iso` is a real day written exactly `YYYY-MM-DD`, in the years 1900 to 2200.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }),
            let year = Int(iso.prefix(4)), let month = Int(iso.dropFirst(5).prefix(2)), let day = Int(iso.suffix(2)),
            (1900...2200).contains(year)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard DateComponents(year: year, month: month, day: day).isValidDate(in: calendar) else { return nil }
        self.init(year, month, day)
    }

    /// The day that `date` falls on in UTC: for days kept as midnight UTC before Haven had days.
    public init(utc date: Date) {
        self.init(daysSince1970: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Midnight UTC at its start: how days were kept, and are still given in version 1 of the API.
    public var midnightUTC: Date { Date(timeIntervalSince1970: Double(daysSince1970) * 86_400) }

    /// The day `days` after 1 January 1970 (before it, if negative): the proleptic Gregorian
    /// calendar, by Howard Hinnant's civil-from-days arithmetic.
    public init(daysSince1970 days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        self.init(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1 January 1970 (negative before it).
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of the week as Foundation counts it: 1 is Sunday, 7 Saturday.
    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> Day { Day(daysSince1970: daysSince1970 + days) }

    public var weekday: Int { ((daysSince1970 + 4) % 7 + 7) % 7 + 1 }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public var description: String { iso }
}
