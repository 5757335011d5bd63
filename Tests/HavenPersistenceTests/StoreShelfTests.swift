import HavenFeatures
import HavenTestSupport
import Testing

@testable import HavenPersistence

/// Each module shelves its own stores; every store a unit can ask for is there, in each kind of unit.
@Suite("Stores found by key")
struct StoreShelfTests {
    @Test(arguments: TestDatabaseKind.available)
    func everyStoreIsShelvedForEveryKindOfUnit(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let read: [any Sendable] = try await haven.env.unitOfWork.read { tx in
                [
                    tx.people, tx.concerns, tx.cases, tx.organisation, tx.sessions, tx.alerts, tx.auditLog,
                    tx.auditStatus, tx.backgroundTurns,
                    tx.approvals, tx.notices, tx.accountTokens, tx.keptForms, tx.chronology,
                ]
            }
            let written: [any Sendable] = try await haven.env.unitOfWork.write { tx in
                [
                    tx.people, tx.concerns, tx.cases, tx.organisation, tx.sessions, tx.alerts, tx.auditLog,
                    tx.auditStatus, tx.backgroundTurns,
                    tx.approvals, tx.notices, tx.accountTokens, tx.keptForms, tx.chronology,
                ]
            }
            let appended: [any Sendable] = try await haven.env.unitOfWork.append { tx in
                [tx.concerns, tx.alerts, tx.chronology]
            }
            #expect(read.count == StorageModules.shelf.keys.count)
            #expect(written.count == read.count && appended.count == 3)
            // (That a read unit is given only the read half is checked by the compiler: `tx.concerns`
            // in a read unit is `any ConcernReads`, which has no insert.)
        }
    }
}
