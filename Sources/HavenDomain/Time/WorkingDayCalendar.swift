import Foundation

/// Statutory clocks count working days: Monday to Friday, not bank holidays, in the
/// organisation's nation and local time (UK time by default).
public struct WorkingDayCalendar: Sendable {
    public let nation: UKNation
    public let timeZone: TimeZone
    /// Made once: a list page works out a deadline for every row.
    let calendar: Calendar

    public init(nation: UKNation = .englandAndWales, timeZone: TimeZone = TimeZone(identifier: "Europe/London")!) {
        self.nation = nation
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The local calendar day of a moment: the moment moved by the zone's offset from UTC at
    /// that moment, counted in whole days (no calendar needed).
    public func day(of moment: Date) -> Day {
        let local = moment.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: moment))
        return Day(daysSince1970: Int((local / 86_400).rounded(.down)))
    }

    /// Whether `day` is a working day.
    public func isWorkingDay(_ day: Day) -> Bool {
        ![1, 7].contains(BankHolidays.weekday(day)) && !BankHolidays.days(in: day.year, for: nation).contains(day)
    }

    /// The first working day on or after `day`.
    public func workingDay(onOrAfter day: Day) -> Day {
        var candidate = day
        while !isWorkingDay(candidate) { candidate = candidate.adding(days: 1) }
        return candidate
    }

    /// The working day `count` working days after `day` (0 gives `day` itself if it is a working day).
    public func adding(workingDays count: Int, to day: Day) -> Day {
        var candidate = workingDay(onOrAfter: day)
        for _ in 0..<max(0, count) { candidate = workingDay(onOrAfter: candidate.adding(days: 1)) }
        return candidate
    }

    /// The first moment of the local day after `day`: the deadline when something is due "by the end of" `day`.
    public func endOf(_ day: Day) -> Date {
        let next = day.adding(days: 1)
        return calendar.date(from: DateComponents(year: next.year, month: next.month, day: next.day))!
    }

    /// A deadline `workingDays` working days after `start`, at the end of that day. A start
    /// on a weekend or bank holiday counts from the next working day.
    public func deadline(workingDays: Int, after start: Date) -> Date {
        endOf(adding(workingDays: workingDays, to: day(of: start)))
    }
}
