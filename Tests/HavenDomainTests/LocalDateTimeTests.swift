import Foundation
import Testing

@testable import HavenDomain

/// Times as people and clients send them are read strictly: what a formatter would guess at is
/// refused, so a record never holds a moment nobody meant (an attacking helper had year 12026
/// stored as 2026 and `+99:00` as `+09:00`).
@Suite("A moment sent is read exactly or not at all")
struct LocalDateTimeTests {
    static let london = TimeZone(identifier: "Europe/London")!

    static let cases: [(String, String?)] = [
        // Local times where the organisation is: GMT in winter, an hour ahead in summer.
        ("2026-11-23T15:04", "2026-11-23T15:04:00Z"),
        ("2026-07-01T10:00", "2026-07-01T09:00:00Z"),
        ("2026-07-01 10:00", "2026-07-01T09:00:00Z"),
        ("2026-07-01T10:00:30", "2026-07-01T09:00:30Z"),
        ("2026-10-25T03:00", "2026-10-25T03:00:00Z"),
        // With an offset.
        ("2026-07-01T10:00:00Z", "2026-07-01T10:00:00Z"),
        ("2026-07-01T10:00Z", "2026-07-01T10:00:00Z"),
        ("2026-07-01T10:00:00+01:00", "2026-07-01T09:00:00Z"),
        ("2026-07-01T10:00:00-05:30", "2026-07-01T15:30:00Z"),
        ("2026-07-01T10:00:00+14:00", "2026-06-30T20:00:00Z"),
        ("2026-07-01T10:00:00.250Z", "2026-07-01T10:00:00.250Z"),
        ("1900-01-01T00:00:00Z", "1900-01-01T00:00:00Z"),
        // Refused.
        ("12026-01-01T10:00", nil), ("2026-01-01T10:00:00+99:00", nil), ("2026-01-01T10:00:00+24:00", nil),
        ("2026-01-01T10:00:00+15:00", nil), ("2026-01-01T10:00:00+9", nil), ("2026-01-01T10:00:00+0100", nil),
        ("2026-001-01T10:00", nil), ("2026-1-1T1:0", nil), (" 2026-01-01T10:00", nil),
        ("２０２６-01-01T10:00", nil), ("٢٠٢٦-01-01T10:00", nil), ("2026-02-30T10:00", nil),
        ("2026-13-01T10:00", nil), ("2026-01-01T24:00", nil), ("2026-01-01T10:60", nil),
        ("2026-01-01T10:00:60Z", nil), ("2026-01-01T10:00:00.Z", nil), ("2026-01-01T10:00:00.1234567890Z", nil),
        ("2026-01-01T10:00:00Zjunk", nil), ("2026-01-01T10:00\u{0}", nil), ("2026-01-01", nil),
        ("0001-01-01T10:00", nil), ("1899-12-31T23:59:59Z", nil), ("2201-01-01T00:00:00Z", nil),
        ("last Tuesday", nil), ("", nil), ("2026-01-01t10:00", nil), ("2026-01-01T10:00:00z", nil),
    ]

    @Test(arguments: cases)
    func readExactly(_ sent: String, _ meant: String?) throws {
        let read = LocalDateTime.parse(sent, timeZone: Self.london)
        if let meant {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let expected = try #require(
                formatter.date(from: meant) ?? ISO8601DateFormatter().date(from: meant), "\(meant)")
            #expect(
                read.map { abs($0.timeIntervalSince(expected)) < 0.000_5 } == true,
                "\(sent) → \(String(describing: read))")
        } else {
            #expect(read == nil, "\(sent) → \(String(describing: read))")
        }
    }

    /// Every local time of a year (each 37 minutes of 2026, across both clock changes) reads as
    /// Foundation's calendar reads it.
    @Test func localTimesAgreeWithTheCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.london
        var moment = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
        let end = moment.addingTimeInterval(365 * 86_400)
        while moment < end {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
            let text = String(
                format: "%04d-%02d-%02dT%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
            #expect(LocalDateTime.parse(text, timeZone: Self.london) == calendar.date(from: parts), "\(text)")
            moment.addTimeInterval(37 * 60)
        }
    }
}
