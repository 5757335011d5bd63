import Foundation

/// A moment as a person or a client sends it: a local time as an HTML `datetime-local` input
/// sends it, read in the organisation's time zone, or ISO 8601 with its offset.
public enum LocalDateTime {
    public static func parse(_ text: String, timeZone: TimeZone) -> Date? {
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
