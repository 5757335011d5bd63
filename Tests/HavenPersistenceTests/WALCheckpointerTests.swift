import FluentKit
import FluentSQLiteDriver
import Foundation
import HavenTestSupport
import SQLKit
import Testing
import Vapor

@testable import HavenPersistence

@Suite("N1 the SQLite write-ahead log stays short under constant writing")
struct WALCheckpointerTests {
    /// 120 commits of 40 KB each (about 4.8 MB of log). The writer's connection never
    /// checkpoints by itself, so without the checkpointer the log would hold all of it. Each
    /// background checkpoint is waited for, so what is measured is the mechanism, not how busy
    /// the machine is (a timed version failed once in CI at 3.07 MB on a loaded runner).
    @Test func theLogIsCopiedBackAfterCommitsSoItNeverHoldsThemAll() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let app = try await Application.make(.testing)
        do {
            guard case .sqlite(let path) = database.location else { throw TestDatabaseError.postgresMissing }
            try await HavenDatabase.prepareFile(database.location)
            try HavenDatabase.register(database.location, on: app.databases)
            let db = app.db(HavenDatabase.id)
            try await (db as! any SQLDatabase).raw("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)").run()
            let checkpointer = WALCheckpointer(database: db, interval: .zero, restartPages: 64)
            // The writer's own connection, prepared as the writer prepares it.
            let sql = try SQLiteWriterConnection(path: path, logger: app.logger, eventLoop: app.eventLoopGroup.any())
            defer { sql.close() }
            try await checkpointer.prepare(sql)
            let body = String(repeating: "x", count: 1_000)
            for batch in 0..<120 {
                try await checkpointer.beforeBatch(on: sql)
                try await sql.raw("BEGIN IMMEDIATE").run()
                for row in 0..<40 {
                    try await sql.insert(into: "filler").columns("id", "body").values(
                        SQLBind(batch * 40 + row), SQLBind(body)
                    ).run()
                }
                try await sql.raw("COMMIT").run()
                checkpointer.committed()
                await checkpointer.settled()
            }
            let walBytes = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            // Without the checkpointer the log holds all of it (about 6 MB). With it, the log is
            // rewound once it passes 64 pages, so it never holds much more than 64 pages and one
            // batch (about 300 KB with 4 KB pages).
            #expect(walBytes < 1_000_000, "the log grew to \(walBytes) bytes")
            struct Count: Decodable { let n: Int }
            let rows = try await (db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM filler").first(
                decoding: Count.self)?.n
            #expect(rows == 4_800)
        } catch {
            try? await app.asyncShutdown()
            await database.destroy()
            throw error
        }
        try await app.asyncShutdown()
        await database.destroy()
    }
}
