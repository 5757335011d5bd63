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
        self = WorkingDayCalendar(timeZone: TimeZone(identifier: "UTC")!).day(of: date)
    }

    /// Midnight UTC at its start: how days were kept, and are still given in version 1 of the API.
    public var midnightUTC: Date {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        return utc.date(from: DateComponents(year: year, month: month, day: day))!
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public var description: String { iso }
}
