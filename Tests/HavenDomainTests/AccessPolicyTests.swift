import Testing

@testable import HavenDomain

@Suite("R1.6, R7.1 access policy")
struct AccessPolicyTests {
    static let me = pid(10), other = pid(11)

    enum Expect: Sendable { case allow, secondFactor, deny }

    // Each row: a permission, then what each role gets with the second factor passed.
    // Roles: reporter, lineManager, dsl, deputyDSL, caseManager, hr, trustee, auditor, administrator.
    static let roles: [Role] = [
        .reporter, .lineManager, .dsl, .deputyDSL, .caseManager, .hr, .trustee, .auditor, .administrator,
    ]
    static let table: [(String, Permission, [Expect])] = [
        ("record a concern", .recordConcern, [.allow, .allow, .allow, .allow, .allow, .allow, .allow, .allow, .allow]),
        (
            "someone else's receipt", .viewReceipt(recordedBy: other),
            [.deny, .deny, .allow, .allow, .deny, .deny, .deny, .deny, .deny]
        ),
        (
            "own receipt", .viewReceipt(recordedBy: me),
            [.allow, .allow, .allow, .allow, .allow, .allow, .allow, .allow, .allow]
        ),
        (
            "read someone else's concern", .readConcern(recordedBy: other),
            [.deny, .deny, .allow, .allow, .deny, .deny, .deny, .deny, .deny]
        ),
        (
            "read own concern", .readConcern(recordedBy: me),
            [.allow, .allow, .allow, .allow, .allow, .allow, .allow, .allow, .allow]
        ),
        ("triage", .handleConcern(), [.deny, .deny, .allow, .allow, .deny, .deny, .deny, .deny, .deny]),
        ("inbox", .viewInbox, [.deny, .deny, .allow, .allow, .deny, .deny, .deny, .deny, .deny]),
        ("child's file", .viewChildFile, [.deny, .deny, .allow, .allow, .deny, .deny, .deny, .deny, .deny]),
        ("access log", .viewAccessLog, [.deny, .deny, .allow, .allow, .deny, .deny, .deny, .deny, .deny]),
        ("manage people", .managePeople, [.deny, .deny, .deny, .deny, .deny, .deny, .deny, .deny, .allow]),
        ("manage organisation", .manageOrganisation, [.deny, .deny, .deny, .deny, .deny, .deny, .deny, .deny, .allow]),
        ("audit status", .viewAuditStatus, [.deny, .deny, .allow, .allow, .deny, .deny, .deny, .allow, .allow]),
    ]

    @Test("with the second factor", arguments: 0..<table.count)
    func withSecondFactor(row: Int) {
        let (_, permission, expected) = Self.table[row]
        for (role, expect) in zip(Self.roles, expected) {
            let actor = Actor(person: Self.me, roles: [.reporter, role], secondFactorPassed: true)
            let decision = AccessPolicy.decide(permission, for: actor)
            #expect(decision == (expect == .allow ? .allowed : .denied), "\(role) \(permission)")
        }
    }

    @Test("case content always needs the second factor; recording never does", arguments: 0..<table.count)
    func withoutSecondFactor(row: Int) {
        let (_, permission, expected) = Self.table[row]
        // A receipt holds no case content (R7.1), so it needs no second factor.
        let passwordOnly: Set<String> = ["record a concern", "own receipt", "someone else's receipt"]
        for (role, expect) in zip(Self.roles, expected) {
            let actor = Actor(person: Self.me, roles: [.reporter, role], secondFactorPassed: false)
            let decision = AccessPolicy.decide(permission, for: actor)
            let wanted: AccessDecision =
                expect == .deny ? .denied : passwordOnly.contains(Self.table[row].0) ? .allowed : .needsSecondFactor
            #expect(decision == wanted, "\(role) \(permission)")
        }
    }

    @Test func organisationCanRequireSecondFactorForEveryone() {
        let actor = Actor(person: Self.me, roles: [.reporter], secondFactorPassed: false)
        #expect(
            AccessPolicy.decide(.recordConcern, for: actor, secondFactorRequiredForEveryone: true) == .needsSecondFactor
        )
        #expect(AccessPolicy.decide(.recordConcern, for: actor, secondFactorRequiredForEveryone: false) == .allowed)
    }

    @Test func aDelegatedLineManagerHandlesThatConcernOnly() {
        let manager = Actor(person: Self.me, roles: [.reporter, .lineManager], secondFactorPassed: true)
        #expect(
            AccessPolicy.decide(.readConcern(recordedBy: Self.other, delegatedTo: Self.me), for: manager) == .allowed)
        #expect(AccessPolicy.decide(.handleConcern(delegatedTo: Self.me), for: manager) == .allowed)
        #expect(
            AccessPolicy.decide(.addAddendum(recordedBy: Self.other, delegatedTo: Self.me), for: manager) == .allowed)
        #expect(
            AccessPolicy.decide(.readConcern(recordedBy: Self.other, delegatedTo: Self.other), for: manager) == .denied)
        #expect(AccessPolicy.decide(.handleConcern(delegatedTo: nil), for: manager) == .denied)
        #expect(AccessPolicy.decide(.viewInbox, for: manager) == .denied)
        #expect(AccessPolicy.decide(.delegateCase, for: manager) == .denied)
        let withoutCode = Actor(person: Self.me, roles: [.reporter, .lineManager], secondFactorPassed: false)
        #expect(
            AccessPolicy.decide(.readConcern(recordedBy: Self.other, delegatedTo: Self.me), for: withoutCode)
                == .needsSecondFactor)
    }

    @Test func administratorsAndAuditorsNeverReadCaseContent() {
        for role in [Role.administrator, .auditor, .trustee, .hr] {
            let actor = Actor(person: Self.me, roles: [role], secondFactorPassed: true)
            for permission in [
                Permission.readConcern(recordedBy: Self.other), .viewInbox, .viewChildFile, .handleConcern(),
            ] {
                #expect(AccessPolicy.decide(permission, for: actor) == .denied)
            }
        }
    }
}
