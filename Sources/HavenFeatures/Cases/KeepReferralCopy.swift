import Foundation
import HavenDomain

/// R3.1: copies of referral forms made outside Haven, kept with the concern: added and opened by
/// whoever handles the concern (a DSL or deputy, or its delegate), never by anyone kept away from
/// it; each adding and each opening is audited, the opening durably before any byte is given.
public struct KeepReferralCopy: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// Keeps `bytes` as a copy of a referral about concern `id`.
    @discardableResult
    public func add(
        _ bytes: [UInt8], declaredType: String?, filename: String?, notAPicture: Bool, to id: ConcernID,
        by actor: Actor
    ) async throws -> ReferralCopy {
        let now = env.clock.now()
        // Who may add comes first: someone who may not learns nothing from what is wrong with a file.
        try await env.authorise(.concern(id, .referralCopyAdded, by: actor.person)) { tx in
            try await Self.handle(id, now: now, by: actor, tx: tx)
        }
        let (type, name) = try ReferralCopy.validated(
            bytes: bytes, declaredType: declaredType, filename: filename, notAPicture: notAPicture)
        let copy = ReferralCopy(
            id: ReferralCopyID(env.ids.uuid()), concernID: id, addedBy: actor.person, addedAt: now,
            type: type, filename: name, byteCount: bytes.count, sha256: ReferralCopy.digest(bytes))
        try await env.write { tx in
            try await tx.cases.insertReferralCopy(copy, bytes: bytes)
            try await tx.audit(.concern(id, .referralCopyAdded, by: actor.person))
        }
        return copy
    }

    /// A copy and its bytes, for someone handling its concern.
    public func open(_ copyID: ReferralCopyID, of id: ConcernID, by actor: Actor) async throws
        -> (ReferralCopy, [UInt8])
    {
        let now = env.clock.now()
        return try await env.auditedRead(.concern(id, .referralCopyRead, by: actor.person)) { tx in
            try await Self.handle(id, now: now, by: actor, tx: tx)
            guard let found = try await tx.cases.referralCopy(copyID), found.0.concernID == id else {
                throw AccessError.notFound
            }
            return found
        }
    }

    /// Whether `actor` handles concern `id`: refused (and so audited) otherwise.
    static func handle(_ id: ConcernID, now: Date, by actor: Actor, tx: any Reading) async throws {
        guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
        try await tx.concerns.keepAway(actor, from: concern)
        let delegate = try await tx.cases.activeHandler(id, concerns: tx.concerns, people: tx.people, at: now)
        try actor.requireForRecord(.handleConcern(delegatedTo: delegate))
    }
}
