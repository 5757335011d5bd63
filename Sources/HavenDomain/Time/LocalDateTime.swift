import Foundation

/// A moment as a person or a client sends it, read strictly: a local time where the
/// organisation is, as an HTML `datetime-local` input sends it (`2026-11-23T15:04`, seconds
/// and a space for the `T` allowed), or ISO 8601 with its offset (`2026-11-23T15:04:00Z`,
/// `…+01:00`, fractions of a second allowed). Only ASCII digits in exactly these places, a real
/// day from 1900 to 2200, a real time and an offset of at most 14 hours: a formatter's guesses
/// (year 12026 read as 2026, `+99:00` as `+09:00`, full-width digits) are refused instead.
public enum LocalDateTime {
    public static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            let day = Day(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = number(14, 2), hour < 24,
            minute < 60
        else { return nil }
        var index = 16
        var second = 0
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let value = number(index + 1, 2), value < 60 else { return nil }
            second = value
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                var scale = 0.1
                var end = index + 1
                while end < bytes.count, let digit = number(end, 1) {
                    fraction += Double(digit) * scale
                    scale /= 10
                    end += 1
                }
                guard (1...9).contains(end - index - 1) else { return nil }
                index = end
            }
        }
        let clock = Double(hour * 3600 + minute * 60 + second) + fraction
        guard index < bytes.count else {
            // A local time: where the organisation is, on that day's clock.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let parts = DateComponents(
                year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second)
            return calendar.date(from: parts).map { $0.addingTimeInterval(fraction) }
        }
        let offset: Int
        if bytes[index] == UInt8(ascii: "Z"), index + 1 == bytes.count {
            offset = 0
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), index + 6 == bytes.count,
            let hours = number(index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"),
            let minutes = number(index + 4, 2), hours <= 14, minutes < 60
        {
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return nil
        }
        return Date(timeIntervalSince1970: Double(day.daysSince1970 * 86_400) + clock - Double(offset))
    }
}
