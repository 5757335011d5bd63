import Foundation
import HavenDomain

/// Dates and times as an HTML `datetime-local` input sends them, in the organisation's time zone.
enum LocalDateTime {
    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_GB_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return ISO8601DateFormatter().date(from: text)
    }

    static func display(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE d MMM yyyy, HH:mm"
        return formatter.string(from: date)
    }

    /// A calendar day as pages show it ("Tue 1 Dec 2026").
    static func day(_ day: Day) -> String { Self.day(day.midnightUTC) }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE d MMM yyyy"
        return formatter.string(from: date)
    }
}
