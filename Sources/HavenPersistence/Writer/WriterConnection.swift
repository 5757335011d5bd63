import FluentKit
import Foundation
import SQLKit

/// The connection batches commit on. On SQLite the writer's own (`SQLiteWriterConnection`),
/// opened on the file the pool has open and used from BEGIN to COMMIT on the writer's thread
/// without waiting on the event loops; on PostgreSQL a pooled one, whose driver answers on its
/// event loop anyway.
final class WriterConnection: @unchecked Sendable {
    private let database: any Database
    let isSQLite: Bool
    /// SQLite: WAL checkpoints taken between batches.
    let checkpointer: WALCheckpointer?
    private let lock = NSLock()
    private var sqliteConnection: SQLiteWriterConnection?

    init(database: any Database) {
        self.database = database
        isSQLite = (database as? any SQLDatabase)?.dialect.name == "sqlite"
        checkpointer = isSQLite ? WALCheckpointer(database: database) : nil
    }

    func with<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard isSQLite else { return try await database.withConnection { try await body($0 as! any SQLDatabase) } }
        if let connection = lock.withLock({ sqliteConnection }) { return try await body(connection) }
        // The file the pool has open, so both always write the same database.
        let files = try await (database as! any SQLDatabase).raw("PRAGMA database_list").all(
            decoding: DatabaseFile.self)
        guard let path = files.first(where: { $0.name == "main" })?.file, !path.isEmpty else {
            throw SQLiteWriteError(status: 1, message: "the database has no file to write to")
        }
        let connection = try SQLiteWriterConnection(path: path, logger: database.logger, eventLoop: database.eventLoop)
        try await checkpointer?.prepare(connection)
        lock.withLock { sqliteConnection = connection }
        return try await body(connection)
    }

    func close() {
        let connection: SQLiteWriterConnection? = lock.withLock {
            defer { sqliteConnection = nil }
            return sqliteConnection
        }
        connection?.close()
    }

    private struct DatabaseFile: Decodable {
        let name: String
        let file: String
    }
}
