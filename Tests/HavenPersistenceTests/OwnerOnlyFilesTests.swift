import Foundation
import HavenDomain
import HavenPersistence
import HavenTestSupport
import Testing

/// Issue 13.1, R7.4: the SQLite database and its write-ahead log and shared-memory files are
/// readable by Haven's own user only; a database made world-readable before is tightened.
@Suite("Issue 13.1 database files owner-only")
struct OwnerOnlyFilesTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aNewDatabaseAndItsLogsAreOwnerOnly() async throws {
        try await TestHaven.with(.sqlite) { haven in
            guard case .sqlite(let path) = haven.database.location else { return }
            // Something written, so the log files exist.
            _ = try await haven.recordConcern(about: "Private File Child")
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                #expect(try Self.mode(file) == 0o600, "\(file)")
            }
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test func aWorldReadableDatabaseIsTightened() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("haven-owner-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("haven.sqlite").path
        for file in [path, path + "-wal"] {
            FileManager.default.createFile(atPath: file, contents: Data(), attributes: [.posixPermissions: 0o644])
            #expect(try Self.mode(file) == 0o644)
        }
        try OwnerOnlyFiles.keepDatabase(path)
        #expect(try Self.mode(path) == 0o600 && Self.mode(path + "-wal") == 0o600)
    }
}
