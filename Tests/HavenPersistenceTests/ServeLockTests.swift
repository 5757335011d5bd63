import Foundation
import Testing

@testable import HavenPersistence

/// Issue 13.6: one server per SQLite file, none on PostgreSQL.
@Suite("13.6 one server per SQLite file")
struct ServeLockTests {
    @Test func aSecondServerOnTheSameFileIsRefusedUntilTheFirstHasGone() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).sqlite")
            .path
        var first = try ServeLock.acquire(for: .sqlite(path: path))
        #expect(first != nil)
        #expect(throws: ServeLockError.alreadyServing(path, "process \(getpid())")) {
            _ = try ServeLock.acquire(for: .sqlite(path: path))
        }
        first = nil
        #expect(try ServeLock.acquire(for: .sqlite(path: path)) != nil)
        #expect(try ServeLock.acquire(for: .postgres(url: "postgres://localhost/haven")) == nil)
    }
}
