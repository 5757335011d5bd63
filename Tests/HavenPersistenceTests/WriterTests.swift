import Fluent
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing

/// N1: the single writer only writes. A unit's own failure is its own and never makes its batch
/// run again and again; a unit that calls the writer from inside itself is refused at once;
/// another process moving the audit head is followed, not mistaken for a failure.
@Suite("N1 the writer, on both databases")
struct WriterTests {
    /// Counts how many times each unit's body ran.
    final class Runs: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]
        func ran(_ index: Int) { lock.withLock { counts[index, default: 0] += 1 } }
        var all: [Int: Int] { lock.withLock { counts } }
    }

    private func outcome(_ body: () async throws -> Void) async -> Result<Void, any Error> {
        do {
            try await body()
            return .success(())
        } catch { return .failure(error) }
    }

    /// 32 units queue behind a slow one, so they commit as one batch; one of them is refused.
    /// The refusal reaches that unit alone, every other unit commits, and no unit runs more than
    /// twice (the batch, then the batch with each unit in a savepoint).
    @Test(arguments: TestDatabaseKind.available)
    func aRefusalInsideABatchIsItsOwnAndTheBatchRunsAtMostTwice(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let work = haven.env.unitOfWork
            let runs = Runs()
            let eventsBefore = try await work.read { tx in try await tx.auditLog.events(after: 0, limit: 100_000).count
            }
            let outcomes = await withTaskGroup(
                of: (Int, Result<Void, any Error>).self, returning: [Int: Result<Void, any Error>].self
            ) { group in
                group.addTask {
                    (-1, await outcome { try await work.write { _ in try await Task.sleep(for: .milliseconds(300)) } })
                }
                try? await Task.sleep(for: .milliseconds(50))
                for index in 0..<32 {
                    group.addTask {
                        (
                            index,
                            await outcome {
                                try await work.write { tx in
                                    runs.ran(index)
                                    try await tx.audit(
                                        AuditEntry(
                                            actor: nil, action: .concernRead, subjectType: .concern,
                                            subjectID: "unit-\(index)"))
                                    if index == 9 { throw AccessError.forbidden }
                                }
                            }
                        )
                    }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            for (index, outcome) in outcomes {
                switch outcome {
                case .success: #expect(index != 9)
                case .failure(let error):
                    #expect(index == 9 && (error as? AccessError) == .forbidden, "unit \(index): \(error)")
                }
            }
            #expect(runs.all.count == 32)
            #expect(runs.all.values.allSatisfy { $0 <= 2 }, "runs per unit: \(runs.all.sorted { $0.key < $1.key })")
            let events = try await work.read { tx in try await tx.auditLog.events(after: 0, limit: 100_000) }
            #expect(events.count == eventsBefore + 31)
            #expect(!events.contains { $0.subjectID == "unit-9" })
            let verification = try await HavenDatabase.verifyAudit(
                haven.app.db(HavenDatabase.id), chain: AuditChain(key: haven.auditKey), anchor: haven.anchor)
            #expect(verification.fault == nil)
        }
    }

    /// A unit that waits on the writer would wait for its own batch for ever: it fails at once
    /// with an error that says so, and the writer goes on serving.
    @Test(arguments: TestDatabaseKind.available)
    func aUnitThatCallsTheWriterAgainFailsAtOnce(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let work = haven.env.unitOfWork
            let outcome: (any Error)? = await withTaskGroup(of: (any Error)?.self) { group in
                group.addTask {
                    do {
                        try await work.write { _ in try await work.write { _ in } }
                        return nil
                    } catch { return error }
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(20))
                    return CancellationError()
                }
                let first = await group.next()!
                group.cancelAll()
                return first
            }
            #expect((outcome as? PersistenceError) == .reentrantWrite, "\(String(describing: outcome))")
            await #expect(throws: PersistenceError.reentrantWrite) {
                try await work.write { _ in
                    try await work.append { tx in try await tx.audit(AuditEntry(actor: nil, action: .inboxRead)) }
                }
            }
            _ = try await haven.recordConcern(about: "After the refusal")
        }
    }

    /// Another process (the command line, a second server) appends to the chain between two of
    /// this writer's batches: the next batch chains after it, and the chain verifies.
    @Test(arguments: TestDatabaseKind.available)
    func anEventAppendedByAnotherProcessIsChainedAfter(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            _ = try await haven.recordConcern(about: "Before the other process")
            let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
            struct Head: Decodable {
                let sequence: Int64
                let mac: String
            }
            let head = try #require(
                try await sql.select().columns("sequence", "mac").from("audit_head").first(decoding: Head.self))
            let event = AuditChain(key: haven.auditKey).append(
                AuditEntry(actor: nil, action: .auditVerified, subjectType: .auditTrail),
                at: haven.clock.now(), after: (head.sequence, head.mac))
            try await sql.insert(into: "audit_events")
                .columns(
                    "sequence", "at_millis", "actor", "action", "subject_type", "subject_id", "reason", "previous_mac",
                    "mac"
                )
                .values(
                    SQLBind(event.sequence), SQLBind(event.atMillis), SQLBind(event.actor), SQLBind(event.action),
                    SQLBind(event.subjectType), SQLBind(event.subjectID), SQLBind(event.reason),
                    SQLBind(event.previousMAC), SQLBind(event.mac)
                )
                .run()
            try await sql.update("audit_head").set("sequence", to: SQLBind(event.sequence)).set(
                "mac", to: SQLBind(event.mac)
            )
            .where("id", .equal, SQLBind(1)).run()
            try haven.anchor.record(AuditHead(sequence: event.sequence, mac: event.mac))
            _ = try await haven.recordConcern(about: "After the other process")
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 100_000)
            }
            #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
            let verification = try await HavenDatabase.verifyAudit(
                haven.app.db(HavenDatabase.id), chain: AuditChain(key: haven.auditKey), anchor: haven.anchor)
            #expect(verification.fault == nil)
        }
    }

    /// R7.1: a refused attempt at case content rolls nothing back (nothing was written), and is
    /// recorded by an event of its own: who tried, what, when, and that it was refused.
    @Test(arguments: TestDatabaseKind.available)
    func aRefusedReadOfCaseContentIsAudited(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let concern = try await haven.recordConcern(about: "Not Yours").receipt.concernID
            let volunteer = Actor(
                person: haven.people["activity_lead"]!.id, roles: [.reporter, .activityLead], secondFactorPassed: true)
            let manager = Actor(
                person: haven.people["line_manager"]!.id, roles: [.lineManager], secondFactorPassed: true)
            await #expect(throws: AccessError.notFound) { try await ReadConcern(haven.env)(concern, by: volunteer) }
            await #expect(throws: AccessError.notFound) {
                try await AddAddendum(haven.env)(to: concern, reason: "correction", text: "More detail", by: manager)
            }
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 100_000)
            }
            let refused = events.filter { $0.action == AuditAction.accessRefused.rawValue }
            #expect(refused.count == 2)
            #expect(refused.first?.actor == volunteer.person.description)
            #expect(refused.first?.subjectID == concern.description && refused.first?.subjectType == "concern")
            #expect(refused.first?.reason?.hasPrefix(AuditAction.concernRead.rawValue) == true)
            #expect(refused.last?.actor == manager.person.description)
            #expect(refused.last?.reason?.hasPrefix(AuditAction.addendumAdded.rawValue) == true)
            #expect(!events.contains { $0.action == AuditAction.concernRead.rawValue })
            let addenda = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.addenda(concern, by: nil, after: nil, limit: 10_000)
            }
            #expect(addenda.isEmpty)
        }
    }
}
