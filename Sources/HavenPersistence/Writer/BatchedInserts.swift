import Foundation
import Logging
import NIOCore
import SQLKit

/// N1: the writer's connection as the units of a batch see it. A plain one-row INSERT is held
/// back and joined with the other rows for the same table and columns; the held rows go to the
/// database as one multi-row INSERT per table just before anything else runs (so a read inside
/// the batch sees every earlier write), when a unit's savepoint is released, and before the
/// batch commits. Fifty concerns in one batch then cost a handful of statements, not hundreds.
///
/// Held rows belong to the transaction: if it rolls back they are discarded, never sent.
/// Haven's tables have no foreign keys, so the order between tables does not matter; rows
/// within a table keep the order they were written in.
final class BatchedInserts: SQLDatabase, @unchecked Sendable {
    let base: any SQLDatabase
    private let lock = NSLock()
    private var groups: [Group] = []
    private var groupIndex: [String: Int] = [:]

    /// Stays well under SQLite's and PostgreSQL's limits on parameters per statement.
    static let maxBindsPerStatement = 16_000

    struct Group {
        let table: SQLIdentifier
        let columns: [SQLIdentifier]
        var rows: [[any SQLExpression]]
    }

    init(_ base: any SQLDatabase) { self.base = base }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    /// How many rows are held back, not yet sent.
    var heldRows: Int { lock.withLock { groups.reduce(0) { $0 + $1.rows.count } } }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        if let insert = query as? SQLInsert, hold(insert) { return }
        try await flush()
        try await base.execute(sql: query, onRow)
    }

    /// Holds a plain INSERT … VALUES with named columns; anything fancier runs as written.
    private func hold(_ insert: SQLInsert) -> Bool {
        guard insert.tableExpressionGroup == nil, insert.valueQuery == nil, insert.genericConflictStrategy == nil,
              insert.returning == nil, !insert.values.isEmpty, let table = insert.table as? SQLIdentifier else { return false }
        var columns: [SQLIdentifier] = []
        columns.reserveCapacity(insert.columns.count)
        for column in insert.columns {
            guard let identifier = column as? SQLIdentifier else { return false }
            columns.append(identifier)
        }
        guard !columns.isEmpty, insert.values.allSatisfy({ $0.count == columns.count }) else { return false }
        let key = table.string + "\u{1F}" + columns.map(\.string).joined(separator: "\u{1F}")
        lock.withLock {
            if let index = groupIndex[key] {
                groups[index].rows.append(contentsOf: insert.values)
            } else {
                groupIndex[key] = groups.count
                groups.append(Group(table: table, columns: columns, rows: insert.values))
            }
        }
        return true
    }

    /// Sends every held row. If sending fails the rest are dropped: the caller rolls back.
    func flush() async throws {
        let held: [Group] = lock.withLock {
            defer { groups.removeAll(); groupIndex.removeAll() }
            return groups
        }
        for group in held {
            let rowsPerStatement = max(1, Self.maxBindsPerStatement / group.columns.count)
            var start = 0
            while start < group.rows.count {
                let end = min(start + rowsPerStatement, group.rows.count)
                var insert = SQLInsert(table: group.table)
                insert.columns = group.columns
                insert.values = Array(group.rows[start..<end])
                try await base.execute(sql: insert) { _ in }
                start = end
            }
        }
    }

    /// Forgets every held row (the transaction or savepoint they belonged to rolled back).
    func discard() {
        lock.withLock {
            groups.removeAll()
            groupIndex.removeAll()
        }
    }
}
