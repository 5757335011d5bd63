import FluentKit
import Foundation
import Logging
import NIOCore
import SQLKit

/// A database handle made only when a statement first needs it. Most requests are answered from
/// the reference cache (session, people, settings) and recording a concern only holds rows for
/// the writer, so making a pooled handle for every unit of work was wasted work on most of them.
final class LazySQLDatabase: SQLDatabase, @unchecked Sendable {
    private let make: @Sendable () -> any Database
    private let lock = NSLock()
    private var made: (any SQLDatabase)?

    init(_ make: @escaping @Sendable () -> any Database) { self.make = make }

    private var base: any SQLDatabase {
        lock.withLock {
            if let made { return made }
            let database = make() as! any SQLDatabase
            made = database
            return database
        }
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await base.withSession(closure)
    }
}
