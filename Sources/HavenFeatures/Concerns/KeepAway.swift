import HavenDomain

/// Issue 12.3: a person a concern names (or may name) as having caused harm sees nothing of it,
/// nor of its children's files, whatever roles they hold: to them it is not there.
extension Concern {
    func keepAway(_ actor: Actor) throws {
        if route.keepsAway(actor.person) { throw AccessError.notFound }
    }
}

/// The same checks for read and write units alike (a write unit's store is also a `ConcernReads`).
extension ConcernReads {
    func keepAway(_ actor: Actor, fromChild child: ChildID) async throws {
        if try await keepsAway(actor.person, fromChild: child) { throw AccessError.notFound }
    }

    /// The concern's own route, and every concern in a file a person is kept away from (issue
    /// 12.2: a concern put in a child's file keeps away whoever that file keeps away).
    func keepAway(_ actor: Actor, from concern: Concern) async throws {
        try concern.keepAway(actor)
        try await keepAway(actor, fromConcern: concern.id)
    }

    func keepAway(_ actor: Actor, fromConcern concern: ConcernID) async throws {
        if try await !keepingAway(actor.person, among: [concern]).isEmpty { throw AccessError.notFound }
    }

    /// The children among these whose files keep this person away: left out of any list shown them.
    func keptAway(_ actor: Actor, among children: [ChildID]) async throws -> Set<ChildID> {
        try await childrenKeepingAway(actor.person, among: children)
    }
}
