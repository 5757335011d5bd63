import Foundation
import Testing

@testable import HavenDomain

/// Issue 12.3: everyone recorded as living with a person named as having caused harm is kept
/// from the concern too; nobody else is.
@Suite("Issue 12.3 staff who live together")
struct StaffHouseholdTests {
    static func person(_ name: String, household: String? = nil) -> Person {
        Person(
            id: PersonID(UUID()), name: name, email: "\(name)@x.test", kind: .staff, roleAssignments: [],
            household: household)
    }

    @Test func theAccusedsHouseholdIsKeptAwayAndNoOneElse() {
        let coach = Self.person("coach", household: "h1")
        let partner = Self.person("partner", household: "h1")
        let son = Self.person("son", household: "h1")
        let neighbour = Self.person("neighbour", household: "h2")
        let alone = Self.person("alone")
        let alsoAlone = Self.person("alsoAlone")
        let people = [coach, partner, son, neighbour, alone, alsoAlone]
        let stranger = PersonID(UUID())
        let table: [(Set<PersonID>, Set<PersonID>)] = [
            ([], []),
            ([coach.id], [coach.id, partner.id, son.id]),
            ([son.id], [coach.id, partner.id, son.id]),
            ([alone.id], [alone.id]),
            // Not being in a recorded household does not make everyone without one a household.
            ([alone.id, neighbour.id], [alone.id, neighbour.id]),
            // Someone named who is not among Haven's people stays named.
            ([stranger], [stranger]),
        ]
        for (accused, expected) in table {
            #expect(StaffHousehold.keptAway(accused, among: people) == expected)
        }
        #expect(Set(StaffHousehold.others(of: coach, among: people).map(\.id)) == [partner.id, son.id])
        #expect(StaffHousehold.others(of: alone, among: people).isEmpty)
    }
}
