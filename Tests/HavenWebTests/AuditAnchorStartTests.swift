import Foundation
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
        do {
            _ = try await haven.recordConcern(about: "Anchor Lost")
            let before = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 100_000)
            }
            try await haven.app.asyncShutdown()
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
            await haven.stop()
            throw error
        }
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
