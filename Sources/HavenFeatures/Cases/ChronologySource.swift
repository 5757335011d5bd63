import HavenDomain

/// R3.2: a module's lines in a child's chronology. The child's file asks every registered
/// source (`ChronologySources.all`) about the child's concerns and merges what they give.
public protocol ChronologySource: Sendable {
    func entries(about concerns: [Concern], names: PersonNames, in tx: any Reading) async throws -> [ChronologyEntry]
}

/// People's names for chronology lines, "Unknown" for anyone no longer on record.
public struct PersonNames: Sendable {
    let names: [PersonID: String]

    public init(_ people: [Person]) {
        names = Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(_ id: PersonID) -> String { names[id] ?? "Unknown" }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
