import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.3: a DSL named as having caused harm is left out of the concern: not routed to, not
/// alerted, and to them the concern, its child's file and its place in the inbox are not there.
/// The deputy takes it and the case manager is alerted (R4.2).
@Suite("Issue 12.3 the person accused never sees the concern")
struct AccusedAccessTests {
    @Test(arguments: TestDatabaseKind.available)
    func aDSLNamedAsHavingCausedHarmIsLeftOut(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let dslID = try #require(haven.people["dsl"]).id
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Rowan Kept-Safe"), ("howItArose", "disclosed_by_child"),
                    ("account", "Rowan said the club leader hurt him in the store room after training."),
                    ("allegedPerpetrator.name", "the club leader"), ("allegedPerpetrator.person", dslID.description),
                    ("allegedPerpetrator.worksWithChildren", "on"),
                ], session: reporter)
            #expect(sent.status == .seeOther)
            let waiting = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.untriaged(after: nil, limit: 10)
            }
            let concernID = try #require(waiting.first).concernID
            let concern = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(concernID) })
            #expect(concern.route.handler == haven.people["deputy_dsl"]!.id)
            #expect(concern.route.recipients.contains(haven.people["case_manager"]!.id))
            #expect(!concern.route.recipients.contains(dslID) && concern.route.excluded == [dslID])
            let alerted = try await haven.env.unitOfWork.read { tx in try await tx.alerts.alerts(for: dslID, limit: 10)
            }
            #expect(alerted.isEmpty, "the accused has no alert")

            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/concerns/\(concernID)", headers: dsl.cookieHeaders)
            #expect(page.status == .notFound)
            #expect(!page.body.string.contains("Rowan"))
            let inbox = try await haven.request(.GET, "/inbox", headers: dsl.cookieHeaders).body.string
            #expect(!inbox.contains("Rowan") && !inbox.contains(concern.reference))
            let file = try await haven.postForm(
                "/children/\(concern.childID)/open", [("reason", "case_review")], session: dsl)
            #expect(file.status == .notFound)
            let triage = try await haven.postForm(
                "/concerns/\(concernID)/triage",
                [("outcome", "no_further_action"), ("threshold", "universal"), ("rationale", "x"), ("consulted", "x")],
                session: dsl)
            #expect(triage.status == .notFound)
            let api = try await haven.api(.GET, "/api/v1/concerns/\(concernID)", session: dsl)
            #expect(api.status == .notFound)

            // R4.2: the case manager it was also sent to can read it (the email's link opens it),
            // but not decide it; once no longer a case manager, not at all.
            let caseManager = try await haven.signIn("case_manager")
            let read = try await haven.request(.GET, "/concerns/\(concernID)", headers: caseManager.cookieHeaders)
            #expect(read.status == .ok && read.body.string.contains("Rowan said the club leader hurt him"))
            // Sent it to read: no form to add to it.
            #expect(!read.body.string.contains(#"action="/concerns/\#(concernID)/addenda""#))
            let decided = try await haven.postForm(
                "/concerns/\(concernID)/triage",
                [("outcome", "no_further_action"), ("threshold", "universal"), ("rationale", "x"), ("consulted", "x")],
                session: caseManager)
            #expect(decided.status != .seeOther)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.cases.decisions(concernID) }.isEmpty)
            try await ManagePeople(haven.env).setRoles(haven.people["case_manager"]!.id, to: [.reporter], by: nil)
            #expect(
                try await haven.request(.GET, "/concerns/\(concernID)", headers: caseManager.cookieHeaders).status
                    != .ok)

            // The deputy handling it sees it, and cannot hand it or an action to the accused.
            let deputy = try await haven.signIn("deputy_dsl")
            let seen = try await haven.request(.GET, "/concerns/\(concernID)", headers: deputy.cookieHeaders)
            #expect(seen.status == .ok && seen.body.string.contains("Rowan Kept-Safe"))
            let action = try await haven.postForm(
                "/concerns/\(concernID)/actions",
                [("description", "Speak to the club leader"), ("owner", dslID.description), ("dueOn", "2026-12-10")],
                session: deputy)
            #expect(action.status == .unprocessableEntity && action.body.string.problemLinks == ["owner"])

            // Nor anything around it (the attacking helper's findings): the inbox's open actions
            // and count, the receipt, the children list and search, the household link, and
            // completing or taking the concern's actions.
            let set = try await haven.postForm(
                "/concerns/\(concernID)/actions",
                [
                    ("description", "Check the club leader's DBS"),
                    ("owner", haven.people["deputy_dsl"]!.id.description),
                    ("dueOn", "2026-12-10"),
                ], session: deputy)
            #expect(set.status == .seeOther)
            let actionID = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.cases.actions(concerns: [concernID]) }.first
            ).id
            let inboxNow = try await haven.request(.GET, "/inbox", headers: dsl.cookieHeaders).body.string
            #expect(!inboxNow.contains("DBS") && !inboxNow.contains(concernID.description))
            let count = try await haven.api(.GET, "/api/v1/inbox", session: dsl).body.string
            #expect(count.contains(#""waiting":0"#), "\(count)")
            for path in ["/receipts/\(concernID)", "/api/v1/concerns/\(concernID)/receipt"] {
                let receipt = try await haven.request(
                    .GET, path, headers: path.hasPrefix("/api") ? dsl.bearerHeaders : dsl.cookieHeaders)
                #expect(receipt.status == .notFound, "\(path)")
            }
            for path in ["/children", "/children?q=Rowan"] {
                let list = try await haven.request(.GET, path, headers: dsl.cookieHeaders).body.string
                #expect(!list.contains("Kept-Safe"), "\(path)")
            }
            let other = try await haven.recordConcern(about: "Other Sibling").receipt
            let otherChild = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(other.concernID) }
            ).childID
            let link = try await haven.postForm(
                "/children/\(otherChild)/household", [("otherChild", concern.childID.description)], session: dsl)
            #expect(link.status != .seeOther)
            let complete = try await haven.postForm("/actions/\(actionID)/complete", [], session: dsl)
            #expect(complete.status == .notFound)
            let take = try await haven.postForm(
                "/actions/\(actionID)/owner", [("owner", dslID.description)], session: dsl)
            #expect(take.status == .notFound)
            let kept = try await haven.env.unitOfWork.read { tx in try await tx.cases.actions(concerns: [concernID]) }
            #expect(kept.allSatisfy { $0.completedAt == nil && $0.owner != dslID })
        }
    }

    /// The name alone is enough: a typed name that is a DSL's keeps them away too.
    @Test func aTypedNameThatIsOneOfHavensPeopleKeepsThemAway() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let sent = try await haven.api(
                .POST, "/api/v1/concerns", session: reporter,
                json: #"""
                    {"child":{"name":"Kit Typed"},"howItArose":"observed","account":"Seen being pushed hard.",
                     "allegedPerpetrator":{"name":"FIXTURE DSL"}}
                    """#)
            #expect(sent.status == .created)
            let waiting = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.untriaged(after: nil, limit: 10)
            }
            let concern = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(waiting[0].concernID) })
            // "Fixture DSL" also reads as the deputy's surname with their first name: both kept away.
            #expect(concern.route.excluded.contains(haven.people["dsl"]!.id))
            #expect(concern.route.handler != haven.people["dsl"]!.id)
        }
    }

    /// An organisation with more people than the form lists gets no list (a school trust's 2,000
    /// staff would outweigh the rest of the form on a phone); the form says to type the name, and
    /// a typed name is matched to Haven's people as before.
    @Test func aLargeOrganisationTypesTheNameInstead() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let small = try await haven.request(.GET, "/concerns/new", headers: reporter.cookieHeaders).body.string
            #expect(small.contains(#"<select id="allegedPerpetrator.person""#) && !small.contains("perpetrator-typed"))
            let now = haven.clock.now()
            try await haven.env.unitOfWork.write { tx in
                for number in 0..<2_000 {
                    try await tx.people.create(
                        Person(
                            id: PersonID(UUID()), name: "Coach Number\(number) Longname-Staffmember",
                            email: "coach\(number)@fixture.haven.test", kind: .staff,
                            roleAssignments: [RoleAssignment(role: .reporter, starts: now)]),
                        passwordHash: "not-a-password")
                }
            }
            let large = try await haven.request(.GET, "/concerns/new", headers: reporter.cookieHeaders)
            #expect(large.status == .ok)
            let page = large.body.string
            #expect(!page.contains(#"<select id="allegedPerpetrator.person""#) && page.contains("perpetrator-typed"))
            #expect(!page.contains("Coach Number1999"))
            #expect(page.utf8.count < small.utf8.count + 2_000, "\(page.utf8.count) bytes")
        }
    }

    /// An action on any concern in a child's file goes to nobody the file keeps away: a concern
    /// naming them linked into the file later keeps them from the earlier concerns too (and the
    /// email telling them of the action would tip them off).
    @Test(arguments: TestDatabaseKind.available)
    func noActionForSomeoneTheFileKeepsAway(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let coach = haven.people["line_manager"]!.id
            let earlier = try await haven.recordConcern(about: "Kofi Earlier").receipt.concernID
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Kofi Later"), ("howItArose", "disclosed_by_child"),
                    ("account", "Kofi said his coach grabbed him by the neck."),
                    ("allegedPerpetrator.person", coach.description),
                ], session: reporter)
            let location = try #require(sent.headers.first(name: .location))
            let later = try #require(ConcernID(string: String(location.dropFirst("/receipts/".count))))
            let file = try await ReadConcern(haven.env)(earlier, by: dsl).concern.childID
            try await SameChild(haven.env).link(later, to: file, by: dsl)
            let due = haven.env.calendar.day(of: haven.clock.now()).adding(days: 2).iso
            let refused = await #expect(throws: InvalidInput.self) {
                try await SetAction(haven.env)(
                    on: earlier, description: "Speak to Kofi's mum", owner: coach.description, dueOn: due, by: dsl)
            }
            #expect(refused?.errors.map(\.field) == ["owner"])
            let emails = try await haven.env.unitOfWork.read { tx in
                try await tx.alerts.dueEmails(at: haven.clock.now().addingTimeInterval(3600), limit: 500)
            }
            #expect(!emails.contains { $0.to == haven.people["line_manager"]!.email && $0.subject.contains("action") })
        }
    }
}
