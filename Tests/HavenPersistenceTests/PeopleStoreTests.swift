import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing

@Suite("R1.2 people and dated role assignments, on both databases")
struct PeopleStoreTests {
    @Test(arguments: TestDatabaseKind.available)
    func changingRolesKeepsWhoHeldThemWhen(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let admin = Actor(
                person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
            let person = haven.people["deputy_dsl"]!.id
            let before = haven.clock.now()
            haven.clock.advance(by: 86_400)
            let change = try await ManagePeople(haven.env).setRoles(person, to: [.reporter, .dsl], by: admin)
            // R1.2: the deputy role ends at once; becoming DSL waits for the DSL's approval.
            #expect(change.pending == [.dsl])
            let changedAt = haven.clock.now()
            let waiting = try #require(try await haven.env.unitOfWork.read { tx in try await tx.people.find(person) })
            #expect(waiting.roles(at: changedAt) == [.reporter])
            try await Approvals(haven.env).decide(
                try #require(change.approval), approve: true,
                by: Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true))
            let stored = try #require(try await haven.env.unitOfWork.read { tx in try await tx.people.find(person) })
            #expect(stored.roles(at: before).contains(.deputyDSL))
            #expect(!stored.roles(at: changedAt).contains(.deputyDSL))
            #expect(stored.roles(at: changedAt).contains(.dsl))
            #expect(stored.roleAssignments.first { $0.role == .deputyDSL }?.ends == changedAt)
            // Only an administrator may change roles.
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            await #expect(throws: AccessError.forbidden) {
                try await ManagePeople(haven.env).setRoles(person, to: [.reporter], by: dsl)
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aDuplicateEmailIsRefusedByField(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            do {
                _ = try await ManagePeople(haven.env).create(
                    name: "Copy", email: "DSL@fixture.haven.test", password: "long enough password",
                    kind: "staff", roles: [], by: nil)
                Issue.record("a second person with the same email was created")
            } catch let error as InvalidInput {
                #expect(error.errors.map(\.field) == ["email"])
            }
        }
    }
}
