import Foundation

/// Counts events per key over a window in a fixed number of slices (ten, by default), so each
/// key costs a few integers however many events it has: the count is the events in the slices
/// that overlap the window, so it may include up to one slice's worth of older events (it errs
/// towards limiting). Keys are bounded as in `SlidingWindow`.
public struct BucketedCount: Sendable {
    public let window: TimeInterval
    public let slices: Int
    public let maxKeys: Int
    private var counts: [String: [Int64: Int]] = [:]

    public init(window: TimeInterval, slices: Int = 10, maxKeys: Int = 50_000) {
        self.window = window
        self.slices = slices
        self.maxKeys = maxKeys
    }

    private func slice(_ moment: Date) -> Int64 {
        Int64((moment.timeIntervalSince1970 / (window / Double(slices))).rounded(.down))
    }

    public mutating func count(_ key: String, now: Date) -> Int {
        guard var stored = counts[key] else { return 0 }
        let oldest = slice(now) - Int64(slices)
        stored = stored.filter { $0.key > oldest }
        counts[key] = stored.isEmpty ? nil : stored
        return stored.values.reduce(0, +)
    }

    public mutating func add(_ key: String, at moment: Date) {
        if counts[key] == nil, counts.count >= maxKeys {
            let oldest = slice(moment) - Int64(slices)
            counts = counts.filter { $0.value.keys.contains { $0 > oldest } }
            if counts.count >= maxKeys, let any = counts.keys.first { counts[any] = nil }
        }
        counts[key, default: [:]][slice(moment), default: 0] += 1
    }
}
