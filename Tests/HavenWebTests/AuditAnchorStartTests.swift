import Foundation
import HavenApp
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import Testing
import Vapor

/// R7.1: the anchor is what notices events cut from the end of the chain. Found by attacking
/// issue 13: someone who removed the anchor (and cut the chain) before Haven started again was
/// not noticed: Haven began a new anchor in silence, and the chain and the new anchor verified.
/// Now Haven still starts (recording concerns must not stop), but says so as loudly as it can:
/// a critical log line, and an event in the audit trail the auditors read and verify, naming how
/// many events the chain had that the new anchor does not cover.
@Suite("R7.1 an anchor begun again is recorded")
struct AuditAnchorStartTests {
    @Test(arguments: TestDatabaseKind.available)
    func anAnchorGoneWhenHavenStartsIsRecordedInTheTrail(kind: TestDatabaseKind) async throws {
        let haven = try await TestHaven.start(kind)
        // Shut down once only (a second shutdown traps): from here on, by this flag.
        var running = true
        do {
            _ = try await haven.recordConcern(about: "Anchor Lost")
            let before = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 100_000)
            }
            try await haven.app.asyncShutdown()
            running = false
            try FileManager.default.removeItem(atPath: haven.config.auditAnchorFile)

            let again = try await TestHaven.application(haven.config)
            let after = try await again.haven.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 100_000)
            }
            let started = after.filter { $0.action == AuditAction.auditAnchorStarted.rawValue }
            #expect(started.count == 1)
            #expect(started.first?.subjectID == String(before.count), "the events the new anchor does not cover")
            #expect(started.first?.actor == nil)
            #expect(LogCapture.shared.contains("audit anchor was missing or empty"))
            // The new anchor begins with that event, and the whole chain still verifies.
            let firstLine = try #require(Array(haven.anchor.lines(upTo: haven.anchor.size() ?? 0)).first)
            #expect(firstLine.head?.sequence == started.first?.sequence)
            let verification = try await again.auditVerifier.verify(checkpoint: nil)
            #expect(verification.fault == nil)
            #expect(verification.anchorsBegun == started.map(\.sequence))

            // Started again with the anchor in place: nothing more is recorded.
            try await again.asyncShutdown()
            let third = try await TestHaven.application(haven.config)
            let last = try await third.haven.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 100_000)
            }
            #expect(last.filter { $0.action == AuditAction.auditAnchorStarted.rawValue }.count == 1)
            try await third.asyncShutdown()
            await haven.database.destroy()
        } catch {
            if running { await haven.stop() } else { await haven.database.destroy() }
            throw error
        }
    }

    /// Found walking docs/operations.md: a typo in HAVEN_DATABASE_URL beside an anchor in use made
    /// a new, empty Haven (new keys, "ready", and a false alarm to the auditors that the chain had
    /// been altered). Now it is refused, and nothing is made.
    @Test(arguments: TestDatabaseKind.available)
    func aDatabaseWithNoEventsBesideAnAnchorInUseIsRefused(kind: TestDatabaseKind) async throws {
        let haven = try await TestHaven.start(kind)
        // Shut down once only (a second shutdown traps): from here on, by this flag.
        var running = true
        let other = try await TestDatabase.make(kind)
        do {
            _ = try await haven.recordConcern(about: "Wrong Database")
            try await haven.app.asyncShutdown()
            running = false
            var mistyped = haven.config
            mistyped.database = other.location
            mistyped.auditKeyHex = nil
            mistyped.auditKeyFile = other.directory.appendingPathComponent("audit-key").path
            let refusal = await TestHaven.refusal(mistyped)
            let error = try #require(refusal as? ConfigurationError)
            #expect(error.description.contains("is HAVEN_DATABASE_URL right?"), "\(error)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: other.directory.path).isEmpty)
            await other.destroy()
            await haven.database.destroy()
        } catch {
            await other.destroy()
            if running { await haven.stop() } else { await haven.database.destroy() }
            throw error
        }
    }

    /// An anchor Haven cannot write (its folder never made, as when the guide's anchor block was
    /// skipped) stops Haven starting, with what to do, instead of failing at every commit.
    @Test func anAnchorThatCannotBeWrittenStopsHavenStarting() async throws {
        let database = try await TestDatabase.make(.sqlite)
        var config = TestHaven.config(for: database)
        config.auditAnchorFile = database.directory.appendingPathComponent("never-made/audit-anchor").path
        let refusal = await TestHaven.refusal(config)
        let error = try #require(refusal as? ConfigurationError)
        #expect(error.description.contains("cannot be written by this account"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: database.directory.appendingPathComponent("haven.sqlite").path))
        await database.destroy()
    }

    @Test func aNewDatabaseBeginsItsAnchorWithoutComment() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 100_000)
            }
            #expect(!events.contains { $0.action == AuditAction.auditAnchorStarted.rawValue })
        }
    }
}
