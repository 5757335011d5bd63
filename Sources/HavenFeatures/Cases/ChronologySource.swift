import HavenDomain

/// R3.2: a module's lines in a child's chronology, in words. Each module adds its lines to the
/// chronology as it writes their records (`tx.chronology.add`); a page of the chronology reads
/// the lines in order, then asks each registered source (`ChronologySources.all`) to put its own
/// kinds into words, reading only the records on that page.
public protocol ChronologySource: Sendable {
    /// The kinds of line the module draws (and so puts into words).
    var kinds: [ChronologyKind] { get }
    /// An entry for each of `lines` (all of its kinds) whose record still exists. `concerns`
    /// holds every concern the lines are about.
    func entries(for lines: [ChronologyLine], concerns: [ConcernID: Concern], in tx: any Reading) async throws
        -> [ChronologyEntry]
}

extension ChronologySource {
    /// An entry for `line`, with its concern's reference and categories.
    func entry(
        _ line: ChronologyLine, _ concerns: [ConcernID: Concern], summary: Words, detail: Words?, by: Words,
        injuries: [InjuryMark] = []
    ) -> ChronologyEntry? {
        guard let concern = concerns[line.concernID] else { return nil }
        return ChronologyEntry(
            line: line, concernReference: concern.reference, summary: summary, detail: detail, by: by,
            categories: concern.content.categories, injuries: injuries)
    }
}

/// People's names for chronology lines, "unknown" for anyone no longer on record.
public struct PersonNames: Sendable {
    let names: [PersonID: String]

    public init(_ people: [Person]) {
        names = Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The names of just these people (one query).
    static func of(_ ids: [PersonID], in tx: any Reading) async throws -> PersonNames {
        PersonNames(try await tx.people.find(ids))
    }

    public subscript(_ id: PersonID) -> Words { names[id].map(Words.verbatim) ?? Words("person.unknown") }

    /// The name as text, nil for someone no longer on record.
    public func name(_ id: PersonID) -> String? { names[id] }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
