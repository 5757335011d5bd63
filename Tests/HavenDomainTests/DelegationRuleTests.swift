import Foundation
import Testing

@testable import HavenDomain

/// Issue 10.6, R1.2/R1.3: a delegation holds only while its delegate has held the line manager
/// role without a break since it was made; once lapsed it stays lapsed.
@Suite("R1.3 a delegation holds while its delegate stays a line manager")
struct DelegationRuleTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)
    static let manager = PersonID(UUID())

    func person(_ assignments: [RoleAssignment], deactivatedAt: Date? = nil) -> Person {
        Person(
            id: Self.manager, name: "Manager", email: "m@example.org", kind: .staff, roleAssignments: assignments,
            deactivatedAt: deactivatedAt)
    }

    func day(_ n: Double) -> Date { Self.at.addingTimeInterval(n * 86_400) }

    @Test(
        arguments: [
            // the manager's line manager assignments (start, end in days from the delegation), left on, checked on → holds
            ([(-10.0, nil as Double?)], nil as Double?, 5.0, true),
            ([(-10, 3)], nil, 2, true), ([(-10, 3)], nil, 4, false),
            ([(-10, 3), (4, nil)], nil, 5, false),
            ([(1, nil)], nil, 5, false),
            ([(-10, nil)], 3, 2, true), ([(-10, nil)], 3, 4, false),
        ] as [([(Double, Double?)], Double?, Double, Bool)])
    func holds(_ spans: [(Double, Double?)], _ leftOn: Double?, _ checkedOn: Double, _ expected: Bool) {
        let delegation = CaseDelegation(
            concernID: ConcernID(UUID()), delegate: Self.manager, delegatedBy: PersonID(UUID()), delegatedAt: Self.at,
            note: nil)
        let assignments = spans.map { RoleAssignment(role: .lineManager, starts: day($0.0), ends: $0.1.map(day)) }
        #expect(
            delegation.holds(for: person(assignments, deactivatedAt: leftOn.map(day)), at: day(checkedOn)) == expected)
    }
}
