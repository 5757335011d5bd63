import Foundation
import HavenDomain

/// R7.1: restricted information as the DSL or a deputy reads it, with who added each piece.
public struct RestrictedReading: Sendable {
    public let information: [RestrictedInformation]
    public let names: [PersonID: String]
}

/// R7.1: what a child shared in confidence about themselves. The recorder writes it with the
/// concern (`RecordConcern`); after that only the DSL and deputies add to it or read it, never
/// someone kept away from the concern, and each reading is audited with its reason, durably,
/// before anything is shown.
public struct KeepInConfidence: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// Reads the restricted information kept with a concern, for `reason`.
    public func read(_ id: ConcernID, reason: RestrictedReadingReason, by actor: Actor) async throws
        -> RestrictedReading
    {
        try actor.require(.handleRestricted)
        return try await env.auditedRead(.concern(id, .restrictedRead, by: actor.person, reason: reason.text)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
            let information = try await tx.concerns.restricted(id)
            let people = try await tx.people.find(information.map(\.addedBy))
            return RestrictedReading(
                information: information,
                names: Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    /// Adds what a child shared in confidence to a concern, later than its recording.
    @discardableResult
    public func add(_ text: String?, to id: ConcernID, by actor: Actor) async throws -> RestrictedInformationID {
        try actor.require(.handleRestricted)
        let text = try RestrictedInformation.validated(text: text, field: "text")
        let now = env.clock.now()
        let added = RestrictedInformationID(env.ids.uuid())
        try await env.authorise(.concern(id, .restrictedAdded, by: actor.person)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
        }
        try await env.write { tx in
            try await tx.concerns.insertRestricted(
                RestrictedInformation(id: added, concernID: id, addedBy: actor.person, addedAt: now, text: text))
            try await tx.addToChronology(
                ChronologyLine(at: now, kind: .restrictedAdded, recordID: added.description, concernID: id))
            try await tx.audit(.concern(id, .restrictedAdded, by: actor.person))
        }
        return added
    }
}
