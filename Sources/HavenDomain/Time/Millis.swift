import Foundation

/// Times are stored, chained and paged as whole milliseconds since 1970, always rounded down,
/// so that both databases, the audit chain and a page's next-page token hold exactly the same value.
extension Date {
    public var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    public init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
