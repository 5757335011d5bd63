import Foundation
import HavenDomain

/// R3.2: links two children in one household, so each file cross-references the other.
public struct LinkHousehold: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ child: ChildID, with other: ChildID, by actor: Actor) async throws {
        try actor.require(.manageCase)
        guard child != other else { throw InvalidInput(field: "otherChild", "Choose a different child.") }
        try await env.authorise(.child(child, .householdLinked, by: actor.person)) { tx in
            guard try await tx.concerns.child(child) != nil else { throw AccessError.notFound }
            guard try await tx.concerns.child(other) != nil else {
                throw InvalidInput(field: "otherChild", "That child was not found.")
            }
        }
        try await env.write { tx in
            try await tx.cases.linkHousehold(child, other)
            try await tx.audit(.child(child, .householdLinked, by: actor.person))
            try await tx.audit(.child(other, .householdLinked, by: actor.person))
        }
    }
}

/// R3.2: the children Haven holds files for, for the DSL to find and link. Names are case content.
public struct ListChildren: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(by actor: Actor) async throws -> [ChildRecord] {
        try actor.require(.viewChildFile)
        return try await env.auditedRead(
            AuditEntry(actor: actor.person, action: .childFileOpened, subjectType: .children, subjectID: "list")
        ) { tx in
            try await tx.concerns.allChildren().sorted { $0.details.displayName < $1.details.displayName }
        }
    }
}
