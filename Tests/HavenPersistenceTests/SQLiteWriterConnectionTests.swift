import FluentKit
import FluentSQLiteDriver
import Foundation
import HavenTestSupport
import SQLKit
import Testing
import Vapor

@testable import HavenPersistence

@Suite("N1 the writer's own SQLite connection")
struct SQLiteWriterConnectionTests {
    /// Opens the writer's connection on a prepared file beside the pool, runs `body`, cleans up.
    private func withConnections(_ body: (SQLiteWriterConnection, any SQLDatabase, String) async throws -> Void)
        async throws
    {
        let database = try await TestDatabase.make(.sqlite)
        let app = try await Application.make(.testing)
        do {
            guard case .sqlite(let path) = database.location else { throw TestDatabaseError.postgresMissing }
            try await HavenDatabase.prepareFile(database.location)
            try HavenDatabase.register(database.location, on: app.databases)
            let pool = app.db(HavenDatabase.id) as! any SQLDatabase
            let writer = try SQLiteWriterConnection(path: path, logger: app.logger, eventLoop: app.eventLoopGroup.any())
            defer { writer.close() }
            try await body(writer, pool, path)
        } catch {
            try? await app.asyncShutdown()
            await database.destroy()
            throw error
        }
        try await app.asyncShutdown()
        await database.destroy()
    }

    struct Row: Codable, Equatable {
        let id: Int64
        let name: String
        let score: Double?
        let note: String?
    }

    /// What the writer writes, the pool reads back the same, and the other way round.
    @Test func valuesRoundTripBetweenTheWriterAndThePool() async throws {
        try await withConnections { writer, pool, _ in
            try await pool.raw(
                "CREATE TABLE sample (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, note TEXT)"
            ).run()
            let written = [
                Row(id: 1, name: "Ffion — “quoted”", score: 2.5, note: nil),
                Row(id: Int64.max, name: "", score: nil, note: "ünïcode ✓"),
            ]
            for row in written {
                try await writer.insert(into: "sample").columns("id", "name", "score", "note")
                    .values(SQLBind(row.id), SQLBind(row.name), SQLBind(row.score), SQLBind(row.note)).run()
            }
            try await pool.insert(into: "sample").columns("id", "name", "score", "note").values(
                SQLBind(Int64(7)), SQLBind("pool"), SQLBind(1.0), SQLBind("n")
            ).run()
            let byPool = try await pool.select().columns("*").from("sample").orderBy("id").all(decoding: Row.self)
            let byWriter = try await writer.select().columns("*").from("sample").orderBy("id").all(decoding: Row.self)
            #expect(byPool == byWriter)
            #expect(byWriter.map(\.id) == [1, 7, Int64.max])
            #expect(byWriter.first == written.first)
        }
    }

    /// It refuses to open a file that would not commit durably, and says so.
    @Test func itCommitsInWALWithFullSync() async throws {
        try await withConnections { writer, _, _ in
            struct Mode: Decodable { let journalMode: String }
            struct Sync: Decodable { let synchronous: Int }
            let mode = try await writer.raw("PRAGMA journal_mode").first(
                decoding: Mode.self, with: SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase))?.journalMode
            let synchronous = try await writer.raw("PRAGMA synchronous").first(decoding: Sync.self)?.synchronous
            #expect(mode == "wal")
            #expect(synchronous == 2)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-rollback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("plain.sqlite").path
        // A file never switched to WAL (prepareFile not run) is refused.
        try await SQLiteConnection.open(storage: .file(path: path)).close()
        #expect(throws: DurabilityError.self) {
            _ = try SQLiteWriterConnection(
                path: path, logger: Logger(label: "test"), eventLoop: MultiThreadedEventLoopGroup.singleton.any())
        }
    }

    /// A refused statement names SQLite's reason and leaves the connection usable.
    @Test func aRefusedStatementSaysWhyAndTheConnectionGoesOn() async throws {
        try await withConnections { writer, pool, _ in
            try await pool.raw("CREATE TABLE sample (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").run()
            try await writer.raw("BEGIN IMMEDIATE").run()
            try await writer.insert(into: "sample").columns("id", "name").values(SQLBind(1), SQLBind("first")).run()
            let error = await #expect(throws: SQLiteWriteError.self) {
                try await writer.insert(into: "sample").columns("id", "name").values(SQLBind(1), SQLBind("again")).run()
            }
            #expect(error?.description.contains("UNIQUE constraint failed: sample.id") == true)
            try await writer.raw("COMMIT").run()
            struct Count: Decodable { let n: Int }
            #expect(try await pool.raw("SELECT COUNT(*) AS n FROM sample").first(decoding: Count.self)?.n == 1)
        }
    }

    /// Statements are kept compiled: the same statement runs again after it was refused, more
    /// distinct statements than are kept still all run, and reads see each run's own values.
    @Test func keptStatementsRunAgainCleanly() async throws {
        try await withConnections { writer, pool, _ in
            try await pool.raw("CREATE TABLE sample (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").run()
            for id in 1...3 {
                try await writer.insert(into: "sample").columns("id", "name").values(SQLBind(id), SQLBind("row \(id)"))
                    .run()
            }
            // The same statement, refused (duplicate id), then run again with other values.
            await #expect(throws: SQLiteWriteError.self) {
                try await writer.insert(into: "sample").columns("id", "name").values(SQLBind(2), SQLBind("again")).run()
            }
            try await writer.insert(into: "sample").columns("id", "name").values(SQLBind(4), SQLBind("row 4")).run()
            // More distinct statements than are kept (each number of rows is a different statement).
            var next = 5
            for distinct in 0..<(SQLiteWriterConnection.preparedLimit + 10) {
                try await writer.raw(
                    "INSERT INTO sample (id, name) VALUES (\(unsafeRaw: String(next)), 'distinct \(unsafeRaw: String(distinct))')"
                ).run()
                next += 1
            }
            struct Row: Decodable {
                let id: Int
                let name: String
            }
            let byWriter = try await writer.select().columns("id", "name").from("sample").where(
                "id", .lessThanOrEqual, SQLBind(4)
            ).orderBy("id").all(decoding: Row.self)
            #expect(byWriter.map(\.name) == ["row 1", "row 2", "row 3", "row 4"])
            struct Count: Decodable { let n: Int }
            #expect(
                try await pool.raw("SELECT COUNT(*) AS n FROM sample").first(decoding: Count.self)?.n == 4
                    + SQLiteWriterConnection.preparedLimit + 10)
        }
    }
}
