import Foundation

/// R1.6: failed sign-ins slow down; they never lock an account for everyone. Failures are
/// counted within a window three ways: for the account from one address, from the address for
/// any account, and for the account from anywhere. Past each count's free allowance the next
/// attempt must wait, doubling with every further failure (1 s, 2 s, 4 s …) up to that count's
/// longest wait: a quarter of an hour for one account from one address, a minute for one address
/// (an office shares one, and colleagues must not be kept out long), half a minute for one
/// account from anywhere, so someone guessing from many addresses is slowed to a crawl while the
/// real person is never kept out for longer than that.
public struct SignInThrottle: Sendable {
    public struct Limit: Sendable, Equatable {
        public let free: Int
        public let longestWait: TimeInterval

        public init(free: Int, longestWait: TimeInterval) {
            self.free = free
            self.longestWait = longestWait
        }
    }

    public let window: TimeInterval
    public let accountFromAddress: Limit
    public let address: Limit
    public let account: Limit

    public init(
        window: TimeInterval = 15 * 60, accountFromAddress: Limit = Limit(free: 3, longestWait: 15 * 60),
        address: Limit = Limit(free: 20, longestWait: 60), account: Limit = Limit(free: 10, longestWait: 30)
    ) {
        self.window = window
        self.accountFromAddress = accountFromAddress
        self.address = address
        self.account = account
    }

    /// R1.6: for the second factor, counted per person (only someone with the password gets this far).
    public static let secondFactor = Limit(free: 5, longestWait: 15 * 60)

    /// When the next attempt may be made after these failures, or nil if it may be made now.
    public func nextAttempt(after failures: [Date], limit: Limit, now: Date) -> Date? {
        let recent = failures.filter { now.timeIntervalSince($0) < window }
        guard recent.count >= limit.free, let last = recent.max() else { return nil }
        let doublings = min(recent.count - limit.free, 20)
        let wait = min(pow(2, Double(doublings)), limit.longestWait)
        let next = last.addingTimeInterval(wait)
        return next > now ? next : nil
    }

    /// The latest of the three waits for a sign-in, or nil if it may be tried now.
    public func nextSignIn(accountFromAddress pair: [Date], address: [Date], account: [Date], now: Date) -> Date? {
        [
            nextAttempt(after: pair, limit: accountFromAddress, now: now),
            nextAttempt(after: address, limit: self.address, now: now),
            nextAttempt(after: account, limit: self.account, now: now),
        ].compactMap { $0 }.max()
    }
}
