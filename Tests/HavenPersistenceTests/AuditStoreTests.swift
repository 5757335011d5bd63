import Fluent
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing

@Suite("R7.1 audit chain in the database")
struct AuditStoreTests {
    func verify(_ haven: TestHaven) async throws -> AuditVerification {
        try await HavenDatabase.verifyAudit(
            haven.app.db(HavenDatabase.id), chain: AuditChain(key: haven.auditKey), anchor: haven.anchor)
    }

    func sql(_ haven: TestHaven) -> any SQLDatabase { haven.app.db(HavenDatabase.id) as! any SQLDatabase }

    @Test(arguments: TestDatabaseKind.available)
    func readsAndWritesOfCaseContentAreAudited(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let id = try await haven.recordConcern(about: "Ulla Audited").receipt.concernID
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            _ = try await ReadConcern(haven.env)(id, by: dsl)
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(subjectType: .concern, subjectIDs: [id.description], limit: 10)
            }
            #expect(events.map(\.action) == ["concern.read", "concern.recorded"])
            #expect(events.first?.actor == dsl.person.description)
            // A refused read leaves no content and no read event.
            let admin = Actor(
                person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
            await #expect(throws: AccessError.notFound) { _ = try await ReadConcern(haven.env)(id, by: admin) }
            #expect(try await verify(haven).fault == nil)
        }
    }

    /// A second writer on the same database (as `haven user …` from the command line would be)
    /// appends between two batches of the server's writer: the chain goes on from its event
    /// rather than forking or failing.
    @Test(arguments: TestDatabaseKind.available)
    func anotherWriterAppendingBetweenBatchesIsChainedAfter(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            _ = try await haven.recordConcern(about: "Before The Other Writer")
            let app = haven.app
            let other = HavenDatabase.unitOfWork(
                database: { app.db(HavenDatabase.id) }, chain: AuditChain(key: haven.auditKey),
                clock: haven.clock, anchor: haven.anchor, sealer: haven.sealer)
            try await other.write { tx in
                try await tx.audit(
                    AuditEntry(actor: nil, action: .concernRead, subjectType: .concern, subjectID: "other-writer"))
            }
            other.close()
            _ = try await haven.recordConcern(about: "After The Other Writer")
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 10_000)
            }
            #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
            #expect(events.suffix(2).map(\.action) == ["concern.read", "concern.recorded"])
            #expect(try await verify(haven).fault == nil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func tamperingWithARowIsNamed(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            for index in 0..<3 { try await haven.recordConcern(about: "Tamper \(index)") }
            let before = try await verify(haven)
            #expect(before.fault == nil)
            let target = before.eventsChecked - 2
            try await sql(haven).update("audit_events").set("actor", to: SQLBind("someone-else")).where(
                "sequence", .equal, SQLBind(Int64(target))
            ).run()
            #expect(try await verify(haven).fault == .altered(sequence: Int64(target)))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func deletingAnEventIsNamed(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            for index in 0..<3 { try await haven.recordConcern(about: "Delete \(index)") }
            try await sql(haven).delete(from: "audit_events").where("sequence", .equal, SQLBind(Int64(5))).run()
            #expect(try await verify(haven).fault == .missing(expectedSequence: 5, found: 6))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func deletingTheNewestEventsIsCaughtByTheAnchor(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            for index in 0..<3 { try await haven.recordConcern(about: "Truncate \(index)") }
            let head = try #require(try await verify(haven).head)
            try await sql(haven).delete(from: "audit_events").where(
                "sequence", .greaterThan, SQLBind(head.sequence - 2)
            ).run()
            // The anchor has a line per commit: the first one past the new end names the deletion.
            let fault = try await verify(haven).fault
            guard case .truncated(let anchored, let last) = fault else {
                Issue.record("\(String(describing: fault))")
                return
            }
            #expect(last == head.sequence - 2 && anchored > last && anchored <= head.sequence)
        }
    }

    @Test func sqliteIsDurable() async throws {
        try await TestHaven.with(.sqlite) { (haven: TestHaven) async throws in
            struct Mode: Decodable { let journalMode: String }
            struct Sync: Decodable { let synchronous: Int }
            // Both are checked on several pooled connections, not one: synchronous is per connection.
            for _ in 0..<6 {
                let mode = try await sql(haven).raw("PRAGMA journal_mode").first(
                    decoding: Mode.self, with: SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase))?.journalMode
                #expect(mode == "wal")
                let level = try await sql(haven).raw("PRAGMA synchronous").first(decoding: Sync.self)?.synchronous
                #expect(level == 2)
            }
        }
    }
}
