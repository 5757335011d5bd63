import Foundation
import HavenApp
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import Testing
import Vapor

/// Issue 10.3: the audit key file is made once, for a chain with no events, exclusively and
/// owner-only; a lost key with events in the chain stops Haven from starting instead of being
/// silently replaced (a new key would let a rewritten chain be re-sealed).
@Suite("R7.1 the audit key is never silently re-created")
struct AuditKeyTests {
    func start(_ config: HavenConfig) async throws -> Application { try await TestHaven.application(config) }

    @Test(arguments: TestDatabaseKind.available)
    func aLostKeyStopsHavenOnceTheChainHasEvents(_ kind: TestDatabaseKind) async throws {
        let database = try await TestDatabase.make(kind)
        defer { Task { await database.destroy() } }
        let keyFile = database.directory.appendingPathComponent("audit-key").path
        let unkeyed = HavenConfig(
            database: database.location, publicURL: "http://haven.test", auditKeyFile: keyFile,
            auditAnchorFile: database.directory.appendingPathComponent("audit-anchor").path, bcryptCost: 4,
            outboxInterval: 0, auditCheckInterval: 0)
        var config = unkeyed
        config.dataKeyFile = database.directory.appendingPathComponent("data-key").path
        let first = try await start(config)
        _ = try await ManagePeople(first.haven).create(
            name: "Key Person", email: "key@example.org", password: "a-long-enough-password",
            kind: "staff", roles: [], by: nil)
        try await first.asyncShutdown()
        let key = try String(contentsOfFile: keyFile, encoding: .utf8)
        #expect(key.trimmingCharacters(in: .newlines).count == 64)
        #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)

        // The same key on the next start.
        let second = try await start(config)
        try await second.asyncShutdown()
        #expect(try String(contentsOfFile: keyFile, encoding: .utf8) == key)

        try FileManager.default.removeItem(atPath: keyFile)
        do {
            let third = try await start(config)
            try await third.asyncShutdown()
            Issue.record("Haven started with its audit key missing and made a new one")
        } catch let error as AuditKeyError {
            #expect(String(describing: error).contains("already has"))
        }
        #expect(!FileManager.default.fileExists(atPath: keyFile))

        try key.write(toFile: keyFile, atomically: true, encoding: .utf8)
        let restored = try await start(config)
        let verified = try await VerifyAuditChain(restored.haven, verifier: restored.auditVerifier)(by: nil)
        try await restored.asyncShutdown()
        #expect(verified.fault == nil && verified.eventsChecked > 0)
    }
}
