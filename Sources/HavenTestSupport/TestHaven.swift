import Fluent
import Foundation
import HavenApp
import HavenDomain
import HavenFeatures
import HavenPersistence
import Vapor

/// A fixture person: one per role, with a known password and TOTP secret.
public struct FixturePerson: Sendable {
    public let role: Role?
    public let id: PersonID
    public let email: String
    public let password: String
    public let totpSecret: [UInt8]
}

/// A running Haven on a real database, with people in every role.
public struct TestHaven: Sendable {
    public let app: Application
    public let env: HavenEnvironment
    public let clock: TestClock
    public let database: TestDatabase
    public let config: HavenConfig
    public let people: [String: FixturePerson]
    /// Whether stopping this Haven removes its database (not for a second server beside another).
    var ownsDatabase = true

    public static let auditKeyHex = String(repeating: "5a", count: 32)
    public static let dataKeyHex = String(repeating: "6b", count: 32)

    /// Builds the application exactly as `haven serve` does, on a fresh database of `kind`.
    public static func start(
        _ kind: TestDatabaseKind, clock: TestClock = TestClock(),
        configure: (inout HavenConfig) -> Void = { _ in }
    ) async throws -> TestHaven {
        _ = LogCapture.bootstrap
        let database = try await TestDatabase.make(kind)
        var config = Self.config(for: database)
        configure(&config)
        let app: Application
        do { app = try await application(config, clock: clock) } catch {
            await database.destroy()
            throw error
        }
        do {
            let people = try await seed(app.haven)
            return TestHaven(app: app, env: app.haven, clock: clock, database: database, config: config, people: people)
        } catch {
            try? await app.asyncShutdown()
            await database.destroy()
            throw error
        }
    }

    /// The configuration a test Haven on `database` starts with: the fixed keys, an anchor in the
    /// database's folder, fast password hashing, no background work.
    public static func config(for database: TestDatabase) -> HavenConfig {
        var config = HavenConfig(
            database: database.location, publicURL: "http://haven.test", auditKeyHex: auditKeyHex,
            auditAnchorFile: database.directory.appendingPathComponent("audit-anchor").path, bcryptCost: 4,
            outboxInterval: 0, auditCheckInterval: 0)
        config.dataKeyHex = dataKeyHex
        return config
    }

    /// Runs `body` against a fresh Haven and always tears it down.
    public static func with<T>(
        _ kind: TestDatabaseKind, clock: TestClock = TestClock(), configure: (inout HavenConfig) -> Void = { _ in },
        _ body: (TestHaven) async throws -> T
    ) async throws -> T {
        let haven = try await start(kind, clock: clock, configure: configure)
        do {
            let result = try await body(haven)
            await haven.stop()
            return result
        } catch {
            await haven.stop()
            throw error
        }
    }

    /// The audit key and anchor this Haven was configured with.
    public var auditKey: [UInt8] { (0..<32).map { _ in 0x5a } }
    /// The data key this Haven seals case content under (R7.4).
    public var sealer: DataSealer { DataSealer(ring: DataKeyRing([(0..<32).map { _ in 0x6b }])) }
    public var anchor: AuditAnchor { AuditAnchor(path: config.auditAnchorFile) }

    public func stop() async {
        try? await app.asyncShutdown()
        if ownsDatabase { await database.destroy() }
    }

    /// Issue 13.6: a second server on `first`'s database, built as `haven serve` builds it, with
    /// its own writer and connections (as a second process would have), the same keys and anchor.
    public static func second(beside first: TestHaven) async throws -> TestHaven {
        let app = try await application(first.config, clock: first.clock)
        var haven = TestHaven(
            app: app, env: app.haven, clock: first.clock, database: first.database, config: first.config,
            people: first.people)
        haven.ownsDatabase = false
        return haven
    }

    /// Why Haven refused to start for `config`, or nil if it started (it is then shut down again).
    public static func refusal(_ config: HavenConfig) async -> (any Error)? {
        do {
            let app = try await application(config)
            try? await app.asyncShutdown()
            return nil
        } catch { return error }
    }

    /// An application built and booted for `config` as `haven serve` builds it, with nobody
    /// seeded (to start Haven again on a database, with other keys, say). The caller shuts it down.
    public static func application(_ config: HavenConfig, clock: TestClock = TestClock()) async throws -> Application {
        _ = LogCapture.bootstrap
        var environment = Environment.testing
        environment.arguments = ["haven"]
        let app = try await Application.make(environment)
        app.logger.logLevel = .trace
        do {
            try await Haven.configure(app, config: config, clock: clock)
            try await app.asyncBoot()
            return app
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    public static let fixtureRoles: [(String, Role?)] = [
        ("reporter", nil), ("line_manager", .lineManager), ("activity_lead", .activityLead), ("dsl", .dsl),
        ("deputy_dsl", .deputyDSL),
        ("case_manager", .caseManager), ("hr", .hr), ("department_director", .departmentDirector),
        ("trustee", .trustee),
        ("auditor", .auditor), ("administrator", .administrator),
    ]

    static func seed(_ env: HavenEnvironment) async throws -> [String: FixturePerson] {
        var people: [String: FixturePerson] = [:]
        for (index, (key, role)) in fixtureRoles.enumerated() {
            let email = "\(key)@fixture.haven.test"
            let password = "fixture-password-\(key)"
            let person = try await ManagePeople(env).create(
                name: "Fixture \(key)", email: email, password: password, kind: "staff",
                roles: role.map { [$0.rawValue] } ?? [], seniority: index, by: nil)
            let secret = (0..<20).map { UInt8(($0 * 7 + index) % 256) }
            try await env.unitOfWork.write { tx in
                try await tx.people.setSecondFactor(
                    person.id, secret: secret, recoveryCodeHashes: [SecretToken.hash("recovery\(key)")])
            }
            people[key] = FixturePerson(role: role, id: person.id, email: email, password: password, totpSecret: secret)
        }
        return people
    }
}
