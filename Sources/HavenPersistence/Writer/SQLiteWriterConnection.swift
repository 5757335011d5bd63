import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
// The same SQLite library SQLiteNIO is built on (one copy in the process, so its file locks
// and shared-memory index are shared with the pooled connections).
import VaporCSQLite

/// N1: the SQLite connection the writer commits on, driven directly on the writer's own thread.
///
/// Through the pool every statement is a round trip: the statement runs on a thread-pool thread,
/// its answer comes back on an event loop, and the writer's next step waits there behind request
/// work — under load a one-line `BEGIN` took a millisecond. Here a statement runs where the
/// writer is, so a batch of fifty concerns is begun, inserted and committed in one stretch.
/// Only the writer uses it (`GroupCommitWriter`), one batch at a time, on `WriterThread`.
///
/// Statements are serialised and their values encoded exactly as SQLiteKit does for the pool
/// (`SQLiteDialect`, `SQLiteDataEncoder`/`SQLiteDataDecoder`), so stores read and write the same.
final class SQLiteWriterConnection: SQLDatabase, @unchecked Sendable {
    private var handle: OpaquePointer?
    /// Statements kept compiled between batches, by their SQL: a batch's inserts repeat the
    /// same few shapes (one per table and number of rows), so most are parsed only once.
    private var prepared: [String: OpaquePointer] = [:]
    static let preparedLimit = 256
    let logger: Logger
    let eventLoop: any EventLoop
    let dialect: any SQLDialect = SQLiteDialect()
    var queryLogLevel: Logger.Level? { nil }
    private let encoder = SQLiteDataEncoder()
    private let decoder = SQLiteDataDecoder()

    /// Opens `path` (which must exist: the pool created and migrated it) with the settings a
    /// durable commit needs, and checks them.
    init(path: String, logger: Logger, eventLoop: any EventLoop) throws {
        self.logger = logger
        self.eventLoop = eventLoop
        var opened: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        handle = opened
        guard status == SQLITE_OK else {
            let error = SQLiteWriteError(status: status, message: "could not open the database for writing")
            close()
            throw error
        }
        // Another process (the CLI) holding the write lock is waited for, not failed at once.
        sqlite_nio_sqlite3_busy_timeout(handle, 10_000)
        do {
            try run("PRAGMA synchronous=FULL")
            try run("PRAGMA foreign_keys=ON")
            let mode = try value("PRAGMA journal_mode")
            guard mode == .text("wal") else { throw DurabilityError.walRefused("\(mode)") }
            guard try value("PRAGMA synchronous") == .integer(2) else { throw DurabilityError.synchronousNotFull(-1) }
        } catch {
            close()
            throw error
        }
    }

    func close() {
        guard let handle else { return }
        for statement in prepared.values { sqlite_nio_sqlite3_finalize(statement) }
        prepared.removeAll()
        sqlite_nio_sqlite3_close_v2(handle)
        self.handle = nil
    }

    deinit { close() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        do {
            try execute(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try execute(query, onRow)
    }

    private func execute(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        try run(sql, binds.map { try encoder.encode($0) }) {
            onRow(WriterRow(columns: $0, values: $1, decoder: decoder))
        }
    }

    /// The first column of the first row of `sql`.
    private func value(_ sql: String) throws -> SQLiteData? {
        var first: SQLiteData?
        try run(sql) { _, values in if first == nil { first = values.first } }
        return first
    }

    /// Prepares, binds and steps one statement to the end, handing each row to `onRow`.
    private func run(_ sql: String, _ binds: [SQLiteData] = [], onRow: ([String], [SQLiteData]) -> Void = { _, _ in })
        throws
    {
        guard let handle else {
            throw SQLiteWriteError(status: SQLITE_MISUSE, message: "the writer's connection is closed")
        }
        let statement = try statement(for: sql, on: handle)
        // Ready for its next use whatever happens here: rewound, its values let go.
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (offset, bind) in binds.enumerated() {
            let index = Int32(offset + 1)
            let bound: Int32
            switch bind {
            case .integer(let value): bound = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(value))
            case .float(let value): bound = sqlite_nio_sqlite3_bind_double(statement, index, value)
            case .text(let value):
                bound = sqlite_nio_sqlite3_bind_text64(
                    statement, index, value, UInt64(value.utf8.count), transient, UInt8(SQLITE_UTF8))
            case .blob(let value):
                bound = value.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
                }
            case .null: bound = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard bound == SQLITE_OK else { throw SQLiteWriteError(status: bound, on: handle) }
        }
        var columns: [String]?
        while true {
            let step = sqlite_nio_sqlite3_step(statement)
            if step == SQLITE_DONE { return }
            guard step == SQLITE_ROW else { throw SQLiteWriteError(status: step, on: handle) }
            let count = sqlite_nio_sqlite3_column_count(statement)
            if columns == nil {
                columns = (0..<count).map {
                    sqlite_nio_sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? ""
                }
            }
            onRow(columns!, (0..<count).map { Self.data(statement, $0) })
        }
    }

    /// The compiled statement for `sql`, kept for next time. SQLite recompiles a kept statement
    /// by itself if the schema changes under it.
    private func statement(for sql: String, on handle: OpaquePointer) throws -> OpaquePointer {
        if let kept = prepared[sql] { return kept }
        if prepared.count >= Self.preparedLimit {
            for statement in prepared.values { sqlite_nio_sqlite3_finalize(statement) }
            prepared.removeAll()
        }
        var compiled: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &compiled, nil)
        guard status == SQLITE_OK, let compiled else { throw SQLiteWriteError(status: status, on: handle) }
        prepared[sql] = compiled
        return compiled
    }

    private static func data(_ statement: OpaquePointer, _ column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            return sqlite_nio_sqlite3_column_text(statement, column).map { .text(String(cString: $0)) } ?? .null
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
            }
            return .blob(buffer)
        default: return .null
        }
    }
}

/// SQLite copies a bound value before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A row read on the writer's connection, decoded as SQLiteKit decodes the pool's rows.
struct WriterRow: SQLRow {
    let columns: [String]
    let values: [SQLiteData]
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { columns }

    private func value(_ column: String) -> SQLiteData? { columns.firstIndex(of: column).map { values[$0] } }

    func contains(column: String) -> Bool { columns.contains(column) }

    func decodeNil(column: String) throws -> Bool { (value(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = value(column) else {
            throw DecodingError.keyNotFound(
                SQLColumnKey(column), .init(codingPath: [], debugDescription: "no column \(column)"))
        }
        return try decoder.decode(D.self, from: data)
    }
}

private struct SQLColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A statement the writer's connection could not run, with SQLite's own explanation.
struct SQLiteWriteError: Error, CustomStringConvertible {
    let status: Int32
    let message: String

    init(status: Int32, message: String) {
        self.status = status
        self.message = message
    }

    init(status: Int32, on handle: OpaquePointer) {
        self.status = status
        message = sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "SQLite error \(status)"
    }

    var description: String { "SQLite (\(status)): \(message)" }
}
