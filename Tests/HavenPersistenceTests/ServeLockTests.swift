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
        #expect(throws: ServeLockError.alreadyServing(path)) {
            _ = try ServeLock.acquire(for: .sqlite(path: path))
        }
        // The same file by another name is the same lock.
        let alias = path + "-alias"
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: path)
        #expect(throws: ServeLockError.alreadyServing(alias)) { _ = try ServeLock.acquire(for: .sqlite(path: alias)) }
        let hard = path + "-hard"
        #expect(link(path, hard) == 0)
        #expect(throws: ServeLockError.alreadyServing(hard)) { _ = try ServeLock.acquire(for: .sqlite(path: hard)) }
        first = nil
        #expect(try ServeLock.acquire(for: .sqlite(path: path)) != nil)
        #expect(try ServeLock.acquire(for: .postgres(url: "postgres://localhost/haven")) == nil)
    }
}
