import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// R3.3: the person given an action is told by email, so that a line manager or coach who seldom
/// signs in does not leave it undone. The email names who gave it and the day it is due, links
/// to their home page, and says nothing of the action, the concern or the child.
@Suite("R3.3 the person given an action is told by email")
struct ActionOwnerEmailTests {
    func emails(_ haven: TestHaven, to key: String) async throws -> [OutboxEmail] {
        try await haven.env.unitOfWork.read { tx in
            try await tx.alerts.dueEmails(at: haven.clock.now().addingTimeInterval(3600), limit: 500)
        }.filter { $0.to == haven.people[key]!.email && $0.subject == "Haven: a safeguarding action for you" }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theOwnerIsToldAndTheEmailHoldsNothingOfTheCase(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let id = try await haven.recordConcern(about: "Emailed Action Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let due = haven.env.calendar.day(of: haven.clock.now()).adding(days: 3)
            // Set for oneself: no email.
            let own = try await haven.postForm(
                "/concerns/\(id)/actions", [("description", "Ring the school"), ("dueOn", due.iso)], session: dsl)
            #expect(own.status == .seeOther)
            #expect(try await emails(haven, to: "dsl").isEmpty)
            let given = try await haven.postForm(
                "/concerns/\(id)/actions",
                [
                    ("description", "Secret-Action-Canary: speak to her grandmother"),
                    ("owner", haven.people["line_manager"]!.id.description), ("dueOn", due.iso),
                ], session: dsl)
            #expect(given.status == .seeOther)
            // The same form sent again (Back, then the button again): the one action, one email.
            let again = try await haven.postForm(
                "/concerns/\(id)/actions",
                [
                    ("description", "Secret-Action-Canary: speak to her grandmother"),
                    ("owner", haven.people["line_manager"]!.id.description), ("dueOn", due.iso),
                ], session: dsl)
            #expect(again.status == .seeOther)
            let set = try await haven.env.unitOfWork.read { tx in try await tx.cases.actions(concerns: [id]) }
            #expect(set.filter { $0.description.hasPrefix("Secret-Action-Canary") }.count == 1)
            #expect(try await emails(haven, to: "line_manager").count == 1)
            let email = try #require(try await emails(haven, to: "line_manager").first)
            #expect(email.body.contains("Fixture dsl") && email.body.contains(haven.env.words.day(due)))
            #expect(email.body.contains("\(haven.env.publicURL)/#my-actions"))
            for secret in ["Secret-Action-Canary", "Emailed Action Child", id.description, "HVN-"] {
                #expect(!email.body.contains(secret) && !email.subject.contains(secret), "\(secret)")
            }
            // Handed on to the deputy: the deputy is told, once.
            let action = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.cases.actions(concerns: [id]) }.first {
                    $0.owner == haven.people["line_manager"]!.id
                })
            let handed = try await haven.postForm(
                "/actions/\(action.id)/owner", [("owner", haven.people["deputy_dsl"]!.id.description)], session: dsl)
            #expect(handed.status == .seeOther)
            #expect(try await emails(haven, to: "deputy_dsl").count == 1)
            #expect(try await emails(haven, to: "line_manager").count == 1)
        }
    }
}
