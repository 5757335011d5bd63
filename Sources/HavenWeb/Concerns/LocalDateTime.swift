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
}
