import Foundation

/// Issue 12.3: people who work here and live together. Whoever is named as having caused harm is
/// left out of a concern's routing, alerts and access; so is everyone recorded as living with
/// them, whatever roles they hold: a partner who is the DSL must not be the one to decide.
/// Recording who lives with whom waits for a DSL (`ProtectedChange.household`), because it
/// changes who is sent concerns.
public enum StaffHousehold {
    /// `accused` and everyone who shares a household with one of them.
    public static func keptAway(_ accused: Set<PersonID>, among people: [Person]) -> Set<PersonID> {
        let households = Set(people.filter { accused.contains($0.id) }.compactMap(\.household))
        guard !households.isEmpty else { return accused }
        return accused.union(people.filter { $0.household.map(households.contains) ?? false }.map(\.id))
    }

    /// The others recorded as living with `person`.
    public static func others(of person: Person, among people: [Person]) -> [Person] {
        guard let household = person.household else { return [] }
        return people.filter { $0.household == household && $0.id != person.id }
    }
}
