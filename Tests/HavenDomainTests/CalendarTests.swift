import Foundation
import Testing

@testable import HavenDomain

@Suite("Bank holidays and working days")
struct CalendarTests {
    // Published bank holiday lists (gov.uk) for England and Wales, Scotland and Northern Ireland.
    static let published: [(UKNation, Int, [String])] = [
        (
            .englandAndWales, 2020,
            [
                "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25",
                "2020-12-28",
            ]
        ),
        (
            .englandAndWales, 2022,
            [
                "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29",
                "2022-09-19", "2022-12-26", "2022-12-27",
            ]
        ),
        (
            .englandAndWales, 2023,
            [
                "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28",
                "2023-12-25", "2023-12-26",
            ]
        ),
        (
            .englandAndWales, 2025,
            [
                "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25",
                "2025-12-26",
            ]
        ),
        (
            .englandAndWales, 2026,
            [
                "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
                "2026-12-28",
            ]
        ),
        (
            .scotland, 2025,
            [
                "2025-01-01", "2025-01-02", "2025-04-18", "2025-05-05", "2025-05-26", "2025-08-04", "2025-12-01",
                "2025-12-25", "2025-12-26",
            ]
        ),
        (
            .northernIreland, 2025,
            [
                "2025-01-01", "2025-03-17", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-07-14",
                "2025-08-25", "2025-12-25", "2025-12-26",
            ]
        ),
    ]

    @Test("matches the published lists", arguments: 0..<published.count)
    func publishedLists(index: Int) {
        let (nation, year, expected) = Self.published[index]
        let computed = BankHolidays.days(in: year, for: nation).map(\.description).sorted()
        #expect(computed == expected)
    }

    static let deadlines: [(recorded: String, extraDays: Int, due: String)] = [
        ("2026-11-20T16:00:00Z", 0, "2026-11-21T00:00:00Z"),  // Friday afternoon: by the end of Friday
        ("2026-11-21T10:00:00Z", 0, "2026-11-24T00:00:00Z"),  // Saturday: by the end of Monday
        ("2026-12-24T09:00:00Z", 1, "2026-12-30T00:00:00Z"),  // Christmas Eve + 1 working day skips 25th and 28th
        ("2026-07-01T23:30:00Z", 0, "2026-07-02T23:00:00Z"),  // 00:30 BST on Thursday 2nd: end of Thursday, UK time
        // Thursday before Easter: Good Friday and Easter Monday skipped
        ("2026-04-02T12:00:00Z", 1, "2026-04-07T23:00:00Z"),
    ]

    @Test("triage and statutory deadlines count working days in UK time", arguments: 0..<deadlines.count)
    func deadline(index: Int) {
        let row = Self.deadlines[index]
        let calendar = WorkingDayCalendar()
        #expect(calendar.deadline(workingDays: row.extraDays, after: utc(row.recorded)) == utc(row.due))
    }

    @Test func weekendsAndHolidaysAreNotWorkingDays() {
        let calendar = WorkingDayCalendar()
        #expect(!calendar.isWorkingDay(Day(2026, 11, 21)))
        #expect(!calendar.isWorkingDay(Day(2026, 12, 28)))
        #expect(calendar.isWorkingDay(Day(2026, 12, 29)))
        #expect(calendar.adding(workingDays: 3, to: Day(2026, 12, 23)) == Day(2026, 12, 30))
    }
}
