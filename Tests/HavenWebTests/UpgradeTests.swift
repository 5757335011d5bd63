import FluentKit
import Foundation
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing
import Vapor

/// Issue 13.7: upgrades. An older Haven refuses a database a newer one has upgraded, before it
/// changes anything; on PostgreSQL, servers started together on a database that needs upgrading
/// take turns, so that none fails half-way through a migration.
@Suite("13.7 upgrades")
struct UpgradeTests {
    @Test(arguments: TestDatabaseKind.available)
    func aDatabaseUpgradedByANewerHavenIsRefused(kind: TestDatabaseKind) async throws {
        let haven = try await TestHaven.start(kind)
        // Shut down once only (a second shutdown traps): from here on, by this flag.
        var running = true
        do {
            try await MigrationLog(name: "HavenPersistence.M999_FromTheFuture", batch: 99)
                .create(on: haven.app.db(HavenDatabase.id))
            // The server is stopped and started again (on SQLite one server holds the file).
            try await haven.app.asyncShutdown()
            running = false
            let refusal = await TestHaven.refusal(haven.config)
            let error = try #require(refusal as? SchemaUpgradeError)
            #expect(error == .databaseIsNewer(unknown: ["HavenPersistence.M999_FromTheFuture"]))
            #expect(error.description.contains("M999_FromTheFuture"))
            #expect(error.description.contains("newer version of Haven"))
            #expect(error.description.contains("HavenPersistence.M999_FromTheFuture"))
            await haven.database.destroy()
        } catch {
            if running { await haven.stop() } else { await haven.database.destroy() }
            throw error
        }
    }

    @Test func serversStartedTogetherOnANewPostgreSQLDatabaseBothStart() async throws {
        guard TestDatabaseKind.available.contains(.postgres) else { return }
        for _ in 0..<2 {
            let database = try await TestDatabase.make(.postgres)
            let config = TestHaven.config(for: database)
            do {
                let started = await withTaskGroup(of: Result<Application, any Error>.self) { group in
                    for _ in 0..<3 {
                        group.addTask {
                            do { return .success(try await TestHaven.application(config)) } catch {
                                return .failure(error)
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                let apps = started.compactMap { try? $0.get() }
                for case .failure(let error) in started { Issue.record("a server did not start: \(error)") }
                guard let first = apps.first else { throw UpgradeTestError.noServerStarted }
                let sql = first.db(HavenDatabase.id) as! any SQLDatabase
                struct Row: Decodable { let name: String }
                let names = try await sql.raw("SELECT name FROM _fluent_migrations").all(decoding: Row.self).map(\.name)
                #expect(names.count == HavenDatabase.migrations.count)
                #expect(Set(names).count == names.count, "a migration was run twice")
                for app in apps { try await app.asyncShutdown() }
                await database.destroy()
            } catch {
                await database.destroy()
                throw error
            }
        }
    }
}

extension UpgradeTests {
    /// Found attacking issue 13.7: anyone who can connect can take the migration lock, and a
    /// server waited for it for ever, saying nothing. It says so, and gives up in the end.
    @Test func aServerWaitingForTheUpgradeLockGivesUp() async throws {
        guard TestDatabaseKind.available.contains(.postgres) else { return }
        try await TestHaven.with(.postgres) { haven in
            let database = haven.app.db(HavenDatabase.id)
            try await database.withConnection { holder in
                let sql = holder as! any SQLDatabase
                try await sql.raw("SELECT pg_advisory_lock(42836)").run()
                let started = Date()
                await #expect(throws: SchemaUpgradeError.anotherIsUpgrading) {
                    try await SchemaUpgrade.oneAtATime(on: database, patience: 2) { "upgraded" }
                }
                #expect(Date().timeIntervalSince(started) < 10)
                try await sql.raw("SELECT pg_advisory_unlock(42836)").run()
            }
            // Once it is free, it is taken.
            #expect(try await SchemaUpgrade.oneAtATime(on: database, patience: 2) { "upgraded" } == "upgraded")
        }
    }
}

enum UpgradeTestError: Error { case noServerStarted }
