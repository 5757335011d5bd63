import Foundation
import Testing

@testable import HavenDomain

/// Issue 10.2, R1.2: who may grant what, as a table.
@Suite("R1.2 protected changes wait for another DSL")
struct ApprovalRuleTests {
    static let admin = PersonID(UUID()), dsl = PersonID(UUID()), otherDSL = PersonID(UUID()), subject = PersonID(UUID())

    @Test(
        arguments: [
            ([Role.dsl], [Role](), [Role.dsl]), ([.deputyDSL, .lineManager], [], [.deputyDSL]),
            ([.caseManager, .hr], [.caseManager], [.hr]),
            ([.lineManager, .activityLead, .trustee, .auditor, .administrator], [], []),
            // Issue 12.7: a department director is sent concerns when no lead can take them.
            ([.departmentDirector, .lineManager], [], [.departmentDirector]),
            ([.departmentDirector], [.departmentDirector], []),
            ([.dsl], [.dsl], []),
            ([.reporter], [.dsl], []),
        ] as [([Role], [Role], [Role])])
    func needToKnowRolesNotHeldWait(_ requested: [Role], _ held: [Role], _ waiting: [Role]) {
        #expect(ApprovalRule.rolesNeedingApproval(requested: Set(requested), held: Set(held)) == Set(waiting))
    }

    @Test func theRolesThatGiveNeedToKnow() {
        #expect(Set(Role.allCases.filter(\.givesNeedToKnow)) == [.dsl, .deputyDSL, .caseManager, .hr])
        #expect(
            Set(Role.allCases.filter(\.needsApprovalToGrant)) == [
                .dsl, .deputyDSL, .caseManager, .hr, .departmentDirector,
            ])
    }

    @Test func nobodyChangesTheirOwnRoles() {
        #expect(!ApprovalRule.mayChangeRoles(of: Self.admin, requester: Self.admin))
        #expect(ApprovalRule.mayChangeRoles(of: Self.subject, requester: Self.admin))
    }

    static func approval(
        _ change: ProtectedChange, by requester: PersonID, status: SafeguardingApproval.Status = .pending
    ) -> SafeguardingApproval {
        SafeguardingApproval(
            id: ApprovalID(UUID()), change: change, requestedBy: requester, requestedAt: Date(timeIntervalSince1970: 0),
            status: status)
    }

    @Test(
        arguments: [
            // approver, approver's roles, second factor, requester, change subject, status → refusal
            (dsl, [Role.dsl], true, admin, subject, SafeguardingApproval.Status.pending, nil as ApprovalRefusal?),
            (dsl, [.dsl, .administrator], true, dsl, subject, .pending, .ownRequest),
            (dsl, [.dsl], true, admin, dsl, .pending, .aboutThemselves),
            (otherDSL, [.dsl], true, admin, dsl, .pending, nil),
            (subject, [.deputyDSL], true, admin, otherDSL, .pending, .notADSL),
            (admin, [.administrator], true, dsl, subject, .pending, .notADSL),
            (dsl, [.dsl], false, admin, subject, .pending, .needsSecondFactor),
            (dsl, [.dsl], true, admin, subject, .approved, .alreadyDecided),
            (dsl, [.dsl], true, admin, subject, .refused, .alreadyDecided),
        ] as [(PersonID, [Role], Bool, PersonID, PersonID, SafeguardingApproval.Status, ApprovalRefusal?)])
    func whoMayApprove(
        _ approver: PersonID, _ roles: [Role], _ secondFactor: Bool, _ requester: PersonID, _ subject: PersonID,
        _ status: SafeguardingApproval.Status, _ expected: ApprovalRefusal?
    ) {
        let item = Self.approval(.grantRoles(person: subject, roles: [.deputyDSL]), by: requester, status: status)
        #expect(
            ApprovalRule.refusal(
                approver: Actor(person: approver, roles: Set(roles), secondFactorPassed: secondFactor), approval: item)
                == expected)
    }

    /// Issue 12.3: a household link is about both people in it: neither may approve it, nor
    /// refuse it (either would be deciding their own access to concerns about the other).
    @Test func neitherPersonInAHouseholdDecidesIt() {
        for change in [
            ProtectedChange.household(person: Self.subject, with: Self.dsl),
            .household(person: Self.dsl, with: Self.subject), .household(person: Self.dsl, with: nil),
        ] {
            let item = Self.approval(change, by: Self.admin)
            let dsl = Actor(person: Self.dsl, roles: [.dsl], secondFactorPassed: true)
            #expect(ApprovalRule.refusal(approver: dsl, approval: item) == .aboutThemselves, "\(change)")
            #expect(ApprovalRule.refusalToRefuse(approver: dsl, approval: item) == .aboutThemselves, "\(change)")
            let other = Actor(person: Self.otherDSL, roles: [.dsl], secondFactorPassed: true)
            #expect(ApprovalRule.refusal(approver: other, approval: item) == nil)
        }
        // Someone leaving a household, or joining another, is also about everyone they live with
        // now: the DSL living with them may neither approve nor refuse it.
        let together = [
            Person(
                id: Self.subject, name: "Coach", email: "c@x.test", kind: .staff, roleAssignments: [], household: "h"),
            Person(id: Self.dsl, name: "Lead", email: "l@x.test", kind: .staff, roleAssignments: [], household: "h"),
            Person(id: Self.otherDSL, name: "Other", email: "o@x.test", kind: .staff, roleAssignments: []),
        ]
        for change in [
            ProtectedChange.household(person: Self.subject, with: nil),
            .household(person: Self.subject, with: Self.admin),
        ] {
            let item = Self.approval(change, by: Self.admin)
            let dsl = Actor(person: Self.dsl, roles: [.dsl], secondFactorPassed: true)
            #expect(ApprovalRule.refusal(approver: dsl, approval: item, people: together) == .aboutThemselves)
            #expect(ApprovalRule.refusalToRefuse(approver: dsl, approval: item, people: together) == .aboutThemselves)
            let other = Actor(person: Self.otherDSL, roles: [.dsl], secondFactorPassed: true)
            #expect(ApprovalRule.refusal(approver: other, approval: item, people: together) == nil)
        }
        // A line manager change is about the manager and the person they would manage.
        let managed = Self.approval(.lineManager(person: Self.dsl, manager: Self.subject), by: Self.admin)
        #expect(
            ApprovalRule.refusal(
                approver: Actor(person: Self.dsl, roles: [.dsl], secondFactorPassed: true), approval: managed)
                == .aboutThemselves)
    }

    /// The person a change is about may refuse it (it may be someone taking over their account).
    @Test func theSubjectMayRefuseButNotApprove() {
        let item = Self.approval(.changeEmail(person: Self.dsl, email: "attacker@evil.example"), by: Self.admin)
        let subject = Actor(person: Self.dsl, roles: [.dsl], secondFactorPassed: true)
        #expect(ApprovalRule.refusal(approver: subject, approval: item) == .aboutThemselves)
        #expect(ApprovalRule.refusalToRefuse(approver: subject, approval: item) == nil)
        #expect(
            ApprovalRule.refusalToRefuse(
                approver: Actor(person: Self.admin, roles: [.administrator], secondFactorPassed: true), approval: item)
                == .notADSL)
    }

    @Test func everyChangeSaysWhatItDoesInWords() throws {
        let english = try Catalogues.bundled().english
        let text = { (words: Words) in english.text(words, timeZone: .gmt) }
        let names: (PersonID) -> Words = { .verbatim($0 == Self.subject ? "Rowan Ash" : "Someone") }
        #expect(
            text(ProtectedChange.grantRoles(person: Self.subject, roles: [.hr, .dsl]).describe(names))
                == "give Rowan Ash the roles Designated Safeguarding Lead and HR")
        #expect(
            text(
                ProtectedChange.siteLead(site: SiteID(UUID()), siteName: "Oak Hall", lead: Self.subject).describe(names)
            )
                == "make Rowan Ash the designated lead for Oak Hall")
        #expect(
            text(ProtectedChange.routing(choice: 2, sharedInbox: nil).describe(names)).hasPrefix(
                "change the alert chain to DSL → Deputy DSL"))
        #expect(
            text(ProtectedChange.changeEmail(person: Self.subject, email: "r@example.org").describe(names))
                == "change the sign-in email of Rowan Ash to r@example.org")
        #expect(
            text(
                ProtectedChange.changeEmail(person: Self.subject, email: "r@example.org", from: "rowan@example.org")
                    .describe(names)) == "change the sign-in email of Rowan Ash from rowan@example.org to r@example.org"
        )
        // Named with their address elsewhere, an email change names them alone: it says both addresses.
        let identities: (PersonID) -> Words = {
            .verbatim($0 == Self.subject ? "Rowan Ash (r@example.org)" : "Someone")
        }
        let moved = ProtectedChange.changeEmail(person: Self.subject, email: "r@example.org", from: "rowan@example.org")
        #expect(
            text(moved.describe(identities, nameOnly: names))
                == "change the sign-in email of Rowan Ash from rowan@example.org to r@example.org")
        #expect(
            text(ProtectedChange.resetPassword(person: Self.subject).describe(identities, nameOnly: names))
                .contains("Rowan Ash (r@example.org)"))
    }

    /// Issue 12.7: a newer request for the same thing withdraws the older one; anything else waits on.
    @Test func aNewerRequestForTheSameThingSupersedesTheOlder() {
        let site = SiteID(UUID())
        let (a, b) = (PersonID(UUID()), PersonID(UUID()))
        let table: [(ProtectedChange, ProtectedChange, Bool)] = [
            (
                .siteLead(site: site, siteName: "Hall", lead: a), .siteLead(site: site, siteName: "Old Hall", lead: b),
                true
            ),
            (
                .siteLead(site: site, siteName: "Hall", lead: a),
                .siteLead(site: SiteID(UUID()), siteName: "Hall", lead: b), false
            ),
            (.siteLead(site: site, siteName: "Hall", lead: a), .siteLead(site: site, siteName: "Hall", lead: a), false),
            (.routing(choice: 1, sharedInbox: nil), .routing(choice: 2, sharedInbox: "team@x.test"), true),
            (.changeEmail(person: a, email: "new@x.test"), .changeEmail(person: a, email: "old@x.test"), true),
            (.changeEmail(person: a, email: "new@x.test"), .changeEmail(person: b, email: "old@x.test"), false),
            (.lineManager(person: a, manager: b), .lineManager(person: a, manager: Self.subject), true),
            (.seniority(person: a, level: 2), .seniority(person: a, level: 5), true),
            (.seniority(person: a, level: 2), .lineManager(person: a, manager: b), false),
            (.grantRoles(person: a, roles: [.dsl]), .grantRoles(person: a, roles: [.deputyDSL]), false),
            (.resetPassword(person: a), .removeSecondFactor(person: a), false),
            (.household(person: a, with: nil), .household(person: a, with: b), true),
            (.household(person: a, with: b), .household(person: b, with: a), false),
        ]
        for (newer, older, supersedes) in table {
            #expect(newer.supersedes(older) == supersedes, "\(newer) over \(older)")
        }
    }
}
