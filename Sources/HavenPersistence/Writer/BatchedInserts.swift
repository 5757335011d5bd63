import Foundation
import HavenDomain
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
///
/// An append-only unit (`UnitOfWork.append`) records into one of these that sends nothing
/// (`sends: false`) before it reaches the writer: any statement other than a plain insert is
/// refused, and its audit entries wait to be chained in the writer.
final class BatchedInserts: SQLDatabase, @unchecked Sendable {
    let base: any SQLDatabase
    let sends: Bool
    private let lock = NSLock()
    private var groups: [Group] = []
    private var auditEntries: [(entry: AuditEntry, at: Date)] = []

    /// Stays well under SQLite's and PostgreSQL's limits on parameters per statement.
    static let maxBindsPerStatement = 16_000

    /// Rows for one table and list of columns. A batch has a handful, so finding one by
    /// comparing names is quicker than keying them by a joined string.
    struct Group {
        let table: SQLIdentifier
        let columns: [SQLIdentifier]
        var rows: [[any SQLExpression]]

        func holds(_ table: SQLIdentifier, _ columns: [SQLIdentifier]) -> Bool {
            self.table.string == table.string && self.columns.count == columns.count
                && zip(self.columns, columns).allSatisfy { $0.string == $1.string }
        }
    }

    init(_ base: any SQLDatabase, sends: Bool = true) {
        self.base = base
        self.sends = sends
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if let insert = query as? SQLInsert, hold(insert) { return }
        guard sends else { throw PersistenceError.readInAppendOnlyUnit }
        try await flush()
        try await base.execute(sql: query, onRow)
    }

    /// Holds a plain INSERT … VALUES with named columns; anything fancier runs as written.
    private func hold(_ insert: SQLInsert) -> Bool {
        guard insert.tableExpressionGroup == nil, insert.valueQuery == nil, insert.genericConflictStrategy == nil,
            insert.returning == nil, !insert.values.isEmpty, let table = insert.table as? SQLIdentifier
        else { return false }
        var columns: [SQLIdentifier] = []
        columns.reserveCapacity(insert.columns.count)
        for column in insert.columns {
            guard let identifier = column as? SQLIdentifier else { return false }
            columns.append(identifier)
        }
        guard !columns.isEmpty, insert.values.allSatisfy({ $0.count == columns.count }) else { return false }
        lock.withLock {
            if let index = groups.firstIndex(where: { $0.holds(table, columns) }) {
                groups[index].rows.append(contentsOf: insert.values)
            } else {
                groups.append(Group(table: table, columns: columns, rows: insert.values))
            }
        }
        return true
    }

    /// An audit entry of an append-only unit, made at `at`, to be chained in the writer.
    func recordAudit(_ entry: AuditEntry, at: Date) {
        lock.withLock { auditEntries.append((entry, at)) }
    }

    /// In the writer: chains the recorded unit's audit entries after the batch's head and takes
    /// its rows, in the order it wrote them.
    func replay(_ recorded: BatchedInserts, auditor: AuditAppender, cursor: AuditCursor) async throws {
        let (entries, recordedGroups) = recorded.lock.withLock { (recorded.auditEntries, recorded.groups) }
        for (entry, at) in entries { try await auditor.append(entry, at: at, on: self, cursor: cursor) }
        lock.withLock {
            for group in recordedGroups {
                if let index = groups.firstIndex(where: { $0.holds(group.table, group.columns) }) {
                    groups[index].rows.append(contentsOf: group.rows)
                } else {
                    groups.append(group)
                }
            }
        }
    }

    /// Sends every held row. If sending fails the rest are dropped: the caller rolls back.
    func flush() async throws {
        guard sends else { throw PersistenceError.readInAppendOnlyUnit }
        let held: [Group] = lock.withLock {
            defer { groups.removeAll() }
            return groups
        }
        for group in held {
            let rowsPerStatement = max(1, Self.maxBindsPerStatement / group.columns.count)
            var start = 0
            while start < group.rows.count {
                let end = min(start + rowsPerStatement, group.rows.count)
                try await base.execute(
                    sql: HeldRowsInsert(table: group.table, columns: group.columns, rows: group.rows[start..<end])
                ) { _ in }
                start = end
            }
        }
    }

    /// Forgets every held row (the transaction or savepoint they belonged to rolled back).
    func discard() {
        lock.withLock { groups.removeAll() }
    }
}

/// One INSERT for many held rows. On SQLite it is `INSERT OR FAIL`: a refused row stops the
/// statement without undoing the rows before it, which spares SQLite a statement journal — the
/// writer rolls back the whole transaction or savepoint on any failure anyway.
struct HeldRowsInsert: SQLExpression {
    let table: SQLIdentifier
    let columns: [SQLIdentifier]
    let rows: ArraySlice<[any SQLExpression]>

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(serializer.dialect.name == "sqlite" ? "INSERT OR FAIL INTO " : "INSERT INTO ")
        table.serialize(to: &serializer)
        serializer.write(" ")
        SQLGroupExpression(columns).serialize(to: &serializer)
        serializer.write(" VALUES ")
        var first = true
        for row in rows {
            if !first { serializer.write(", ") }
            first = false
            SQLGroupExpression(row).serialize(to: &serializer)
        }
    }
}
