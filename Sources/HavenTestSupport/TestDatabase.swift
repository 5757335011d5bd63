import Fluent
import FluentPostgresDriver
import Foundation
import HavenPersistence
import Vapor

/// The real databases tests run against: a fresh SQLite file per test always, and a fresh
/// PostgreSQL database per test on the server named by `HAVEN_TEST_POSTGRES_URL`.
public enum TestDatabaseKind: String, CaseIterable, Sendable {
    case sqlite, postgres

    /// The kinds available here. Under CI (`HAVEN_REQUIRE_ALL=true`) PostgreSQL is always
    /// included, so a missing server fails the tests instead of skipping them.
    public static var available: [TestDatabaseKind] {
        let env = ProcessInfo.processInfo.environment
        if env["HAVEN_TEST_POSTGRES_URL"] != nil || env["HAVEN_REQUIRE_ALL"] == "true" { return [.sqlite, .postgres] }
        return [.sqlite]
    }
}

public struct TestDatabase: Sendable {
    public let location: DatabaseLocation
    public let directory: URL
    let dropName: String?

    public static func make(_ kind: TestDatabaseKind) async throws -> TestDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-test-\(UUID().uuidString.prefix(12))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            return TestDatabase(
                location: .sqlite(path: directory.appendingPathComponent("haven.sqlite").path), directory: directory,
                dropName: nil)
        case .postgres:
            guard let admin = ProcessInfo.processInfo.environment["HAVEN_TEST_POSTGRES_URL"] else {
                throw TestDatabaseError.postgresMissing
            }
            let name = "haven_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            try await PostgresAdmin.run("CREATE DATABASE \(name)", url: admin)
            guard var components = URLComponents(string: admin) else { throw TestDatabaseError.postgresMissing }
            components.path = "/" + name
            return TestDatabase(location: .postgres(url: components.string!), directory: directory, dropName: name)
        }
    }

    /// Runs a statement on the PostgreSQL server as its administrator, with `{database}` standing
    /// for this test's database (to take it away from Haven, say, or change its settings).
    public func administer(_ statement: String) async throws {
        guard let dropName, let admin = ProcessInfo.processInfo.environment["HAVEN_TEST_POSTGRES_URL"] else {
            throw TestDatabaseError.postgresMissing
        }
        try await PostgresAdmin.run(statement.replacingOccurrences(of: "{database}", with: dropName), url: admin)
    }

    /// Removes the database and its files.
    public func destroy() async {
        if let dropName, let admin = ProcessInfo.processInfo.environment["HAVEN_TEST_POSTGRES_URL"] {
            try? await PostgresAdmin.run("DROP DATABASE IF EXISTS \(dropName) WITH (FORCE)", url: admin)
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

public enum TestDatabaseError: Error, CustomStringConvertible {
    case postgresMissing
    public var description: String {
        "HAVEN_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL"
    }
}

/// Runs one administrative statement on the PostgreSQL server.
enum PostgresAdmin {
    static func run(_ statement: String, url: String) async throws {
        let app = try await Application.make(.testing)
        // The harness's own statements, not Haven's: kept out of the captured logs Haven is judged by.
        app.logger.logLevel = .info
        do {
            app.databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 1, sqlLogLevel: .trace), as: .psql)
            try await (app.db(.psql) as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
