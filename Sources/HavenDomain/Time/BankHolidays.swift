import Foundation

/// The UK nations whose bank holidays a working-day calendar can follow.
public enum UKNation: String, CaseIterable, Codable, Sendable {
    case englandAndWales = "england_and_wales"
    case scotland
    case northernIreland = "northern_ireland"
}

/// Bank holidays, computed from their rules, with the one-off changes proclaimed since 2020.
public enum BankHolidays {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [String: Set<Day>] = [:]

    /// The bank holidays of `nation` in `year`, worked out once per year and nation (a due date
    /// counts working days on every line of the inbox).
    public static func days(in year: Int, for nation: UKNation) -> Set<Day> {
        let key = "\(nation.rawValue) \(year)"
        if let days = lock.withLock({ known[key] }) { return days }
        let days = computed(in: year, for: nation)
        lock.withLock { known[key] = days }
        return days
    }

    static func computed(in year: Int, for nation: UKNation) -> Set<Day> {
        var days: Set<Day> = []
        let easter = easterSunday(year)
        days.insert(easter.adding(days: -2))  // Good Friday
        switch nation {
        case .englandAndWales, .northernIreland:
            days.insert(easter.adding(days: 1))  // Easter Monday
            days.insert(substitute(Day(year, 1, 1), taken: []))
        case .scotland:
            let newYear = substitute(Day(year, 1, 1), taken: [])
            days.insert(newYear)
            days.insert(substitute(Day(year, 1, 2), taken: [newYear]))
        }
        days.insert(earlyMay(year))
        days.formUnion(spring(year))
        days.insert(
            nation == .scotland ? nthWeekday(2, in: year, month: 8, nth: 1) : lastWeekday(2, in: year, month: 8))
        if nation == .scotland { days.insert(substitute(Day(year, 11, 30), taken: [])) }
        if nation == .northernIreland {
            days.insert(substitute(Day(year, 3, 17), taken: []))
            days.insert(substitute(Day(year, 7, 12), taken: []))
        }
        let christmas = substitute(Day(year, 12, 25), taken: [])
        days.insert(christmas)
        days.insert(substitute(Day(year, 12, 26), taken: [christmas]))
        days.formUnion(oneOffs[year] ?? [])
        return days
    }

    // Proclaimed one-off holidays across the UK: the Queen's funeral (2022) and the Coronation (2023).
    static let oneOffs: [Int: Set<Day>] = [2022: [Day(2022, 9, 19)], 2023: [Day(2023, 5, 8)]]

    static func earlyMay(_ year: Int) -> Day {
        if year == 2020 { return Day(2020, 5, 8) }  // moved to VE Day's 75th anniversary
        return nthWeekday(2, in: year, month: 5, nth: 1)
    }

    static func spring(_ year: Int) -> Set<Day> {
        if year == 2022 { return [Day(2022, 6, 2), Day(2022, 6, 3)] }  // Platinum Jubilee
        if year == 2012 { return [Day(2012, 6, 4), Day(2012, 6, 5)] }  // Diamond Jubilee
        return [lastWeekday(2, in: year, month: 5)]
    }

    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    static func date(_ day: Day) -> Date {
        utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }

    static func day(_ date: Date) -> Day {
        let c = utc.dateComponents([.year, .month, .day], from: date)
        return Day(c.year!, c.month!, c.day!)
    }

    /// 1 = Sunday … 7 = Saturday, as Foundation numbers them.
    static func weekday(_ day: Day) -> Int { utc.component(.weekday, from: date(day)) }

    /// A holiday falling at a weekend moves to the next weekday not already taken.
    static func substitute(_ day: Day, taken: Set<Day>) -> Day {
        var candidate = day
        while [1, 7].contains(weekday(candidate)) || taken.contains(candidate) { candidate = candidate.adding(days: 1) }
        return candidate
    }

    static func nthWeekday(_ weekday: Int, in year: Int, month: Int, nth: Int) -> Day {
        var candidate = Day(year, month, 1)
        while self.weekday(candidate) != weekday { candidate = candidate.adding(days: 1) }
        return candidate.adding(days: 7 * (nth - 1))
    }

    static func lastWeekday(_ weekday: Int, in year: Int, month: Int) -> Day {
        let daysInMonth = utc.range(of: .day, in: .month, for: date(Day(year, month, 1)))!.count
        var candidate = Day(year, month, daysInMonth)
        while self.weekday(candidate) != weekday { candidate = candidate.adding(days: -1) }
        return candidate
    }

    /// Easter Sunday by the anonymous Gregorian algorithm.
    static func easterSunday(_ year: Int) -> Day {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return Day(year, month, day)
    }
}
