import Foundation

/// Reference data read on every request (sessions, people, the organisation's settings), kept
/// for a few seconds so a request does not re-read it. Any write to it clears the cache at once
/// and again when its batch commits, and a read that overlapped a write is never kept, so a
/// change made in this process is seen by the next request. A change made by another process
/// (the CLI, a second server) is seen within `lifetime` seconds, except for the keys that are
/// always read afresh (sessions and people's own records, with several servers on PostgreSQL).
final class ReferenceCache: @unchecked Sendable {
    private struct Entry {
        let value: any Sendable
        let storedAt: TimeInterval
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var generation: UInt64 = 0
    private var dirty = false
    let lifetime: TimeInterval

    /// Keys (by their start) that are never kept: what access decisions are made from, when
    /// several servers share the database.
    let alwaysFresh: [String]

    init(lifetime: TimeInterval = 5, alwaysFresh: [String] = []) {
        self.lifetime = lifetime
        self.alwaysFresh = alwaysFresh
    }

    private var clock: TimeInterval { ProcessInfo.processInfo.systemUptime }

    /// The cached value for `key`, or `load()`'s, kept unless a write happened meanwhile.
    func value<T: Sendable>(_ key: String, load: () async throws -> T) async throws -> T {
        if lifetime <= 0 || alwaysFresh.contains(where: { key.hasPrefix($0) }) { return try await load() }
        let (hit, startGeneration): (T?, UInt64) = lock.withLock {
            if let entry = entries[key], clock - entry.storedAt < lifetime, let value = entry.value as? T {
                return (value, generation)
            }
            return (nil, generation)
        }
        if let hit { return hit }
        let value = try await load()
        lock.withLock {
            if generation == startGeneration { entries[key] = Entry(value: value, storedAt: clock) }
        }
        return value
    }

    /// A write to reference data: forget everything now, and again after the commit.
    func written() {
        lock.withLock {
            generation &+= 1
            dirty = true
            entries.removeAll()
        }
    }

    /// Called by the writer after each commit.
    func committed() {
        lock.withLock {
            guard dirty else { return }
            dirty = false
            generation &+= 1
            entries.removeAll()
        }
    }
}
