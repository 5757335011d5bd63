import Foundation

/// R1.6: login throttling. After `maxFailures` failed attempts within `window`, further attempts
/// are refused until the window has passed since the earliest of those failures.
public struct SignInThrottle: Sendable {
    public let maxFailures: Int
    public let window: TimeInterval

    public init(maxFailures: Int = 5, window: TimeInterval = 15 * 60) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// When the next attempt may be made, or nil if it may be made now.
    public func lockedUntil(failures: [Date], now: Date) -> Date? {
        let recent = failures.filter { now.timeIntervalSince($0) < window }.sorted()
        guard recent.count >= maxFailures else { return nil }
        return recent[recent.count - maxFailures].addingTimeInterval(window)
    }
}
