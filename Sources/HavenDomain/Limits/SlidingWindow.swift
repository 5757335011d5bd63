import Foundation

/// Counts events per key within a time window, in memory. Keys are bounded: past `maxKeys` the
/// key whose last event is oldest is forgotten, so spraying new keys (addresses, emails) cannot
/// grow memory without end.
public struct SlidingWindow: Sendable {
    public let window: TimeInterval
    public let maxKeys: Int
    private var events: [String: [Date]] = [:]

    public init(window: TimeInterval, maxKeys: Int = 50_000) {
        self.window = window
        self.maxKeys = maxKeys
    }

    /// The events for `key` still inside the window at `now`, oldest first.
    public mutating func events(_ key: String, now: Date) -> [Date] {
        guard let stored = events[key] else { return [] }
        let recent = stored.filter { now.timeIntervalSince($0) < window }
        events[key] = recent.isEmpty ? nil : recent
        return recent
    }

    public mutating func count(_ key: String, now: Date) -> Int { events(key, now: now).count }

    public mutating func add(_ key: String, at moment: Date) {
        if events[key] == nil, events.count >= maxKeys { forgetOldest(now: moment) }
        events[key, default: []].append(moment)
    }

    /// Removes one event at exactly `moment` (an attempt that turned out to succeed).
    public mutating func remove(_ key: String, at moment: Date) {
        guard var stored = events[key], let index = stored.lastIndex(of: moment) else { return }
        stored.remove(at: index)
        events[key] = stored.isEmpty ? nil : stored
    }

    public mutating func clear(_ key: String) { events[key] = nil }

    private mutating func forgetOldest(now: Date) {
        events = events.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
        if events.count >= maxKeys,
            let oldest = events.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) })
        {
            events[oldest.key] = nil
        }
    }
}
