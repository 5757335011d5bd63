import Foundation
import HavenDomain

/// R2.4, R3.1: a concern as its reader is allowed to see it, with everything added since.
public struct ConcernFile: Sendable {
    public let concern: Concern
    public let child: ChildRecord
    public let linkedChildren: [ChildRecord]
    public let addenda: [Addendum]
    /// R2.7: decisions are shown only to the DSL and deputies.
    public let decisions: [TriageDecision]
    public let actions: [CaseAction]
    public let names: [PersonID: String]
    public let readerIsLead: Bool

    public func name(_ id: PersonID?) -> String { id.flatMap { names[$0] } ?? "Unknown" }
}

/// R7.1: opens a concern. The read is audited in the same transaction, before content is returned.
public struct ReadConcern: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ id: ConcernID, by actor: Actor) async throws -> ConcernFile {
        try await env.write { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try actor.require(.readConcern(recordedBy: concern.recordedBy))
            try await tx.audit(.concern(id, .concernRead, by: actor.person))
            guard let child = try await tx.concerns.child(concern.childID) else { throw AccessError.notFound }
            let lead = actor.isSafeguardingLead
            let people = try await tx.people.all()
            return ConcernFile(
                concern: concern, child: child,
                linkedChildren: try await tx.concerns.children(try await tx.concerns.linkedChildren(of: id)),
                addenda: try await tx.concerns.addenda(id),
                decisions: lead ? try await tx.cases.decisions(id) : [],
                actions: lead ? try await tx.cases.actions(concerns: [id]) : [],
                names: Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                readerIsLead: lead)
        }
    }
}
