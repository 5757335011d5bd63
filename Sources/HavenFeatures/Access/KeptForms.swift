import Foundation
import HavenDomain

/// R1.6: a form someone sends after their session has ended (they were away too long, or past the
/// session's twelve hours) is not lost: it is kept, sealed for them, for a day, and offered back
/// once they sign in again, to check and send. Nobody else can open it.
public struct KeptForms: Sendable {
    let env: HavenEnvironment
    let sealer: any FormSealer
    public static let keptFor: TimeInterval = 24 * 3600
    /// At most this many are kept per person (the oldest give way).
    public static let perPerson = 5

    public init(_ env: HavenEnvironment, sealer: any FormSealer) {
        self.env = env
        self.sealer = sealer
    }

    /// One kept form, opened.
    public struct Form: Sendable {
        public let id: UUID
        public let path: String
        public let fields: [(name: String, value: String)]
        public let createdAt: Date
    }

    /// Keeps `fields` (the form as sent, without its CSRF token) for the person whose session ended.
    public func keep(_ fields: [(name: String, value: String)], path: String, session: Session) async throws {
        let now = env.clock.now()
        // R2.11: Haven keeps no picture of a child, in a kept form either: an answer holding one
        // is kept as a sentence saying it was left out.
        let leftOut = env.text(Words("keptForms.pictureLeftOut"))
        let kept = fields.map { [$0.name, PictureInText.found(in: $0.value) ? leftOut : $0.value] }
        let sealed = try sealer.seal(Array(try JSONEncoder().encode(kept)), for: session.person)
        let form = SealedForm(
            id: env.ids.uuid(), person: session.person, path: path, sealed: sealed, createdAt: now,
            expiresAt: now.addingTimeInterval(Self.keptFor))
        try await env.write { tx in
            for old in try await tx.keptForms.forms(of: session.person, at: now).dropFirst(Self.perPerson - 1) {
                try await tx.keptForms.delete(old.id, of: session.person)
            }
            try await tx.keptForms.insert(form)
        }
    }

    public func list(by actor: Actor) async throws -> [Form] {
        let now = env.clock.now()
        let sealed = try await env.read { tx in try await tx.keptForms.forms(of: actor.person, at: now) }
        return sealed.compactMap { form in
            guard let bytes = try? sealer.open(form.sealed, for: actor.person),
                let pairs = try? JSONDecoder().decode([[String]].self, from: Data(bytes))
            else { return nil }
            return Form(
                id: form.id, path: form.path, fields: pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil },
                createdAt: form.createdAt)
        }
    }

    public func count(for person: PersonID) async throws -> Int {
        let now = env.clock.now()
        return try await env.read { tx in try await tx.keptForms.count(of: person, at: now) }
    }

    /// Discards one of the person's own kept forms. Someone else's is not found (and the attempt
    /// is audited); one already gone is nothing to do, so a second tap is harmless.
    public func discard(_ id: UUID, by actor: Actor) async throws {
        let attempt = AuditEntry(
            actor: actor.person, action: .keptFormDiscarded, subjectType: .keptForm,
            subjectID: id.uuidString.lowercased())
        let owner = try await env.authorise(attempt) { tx in
            let owner = try await tx.keptForms.owner(of: id)
            if let owner, owner != actor.person { throw AccessError.notFound }
            return owner
        }
        guard owner != nil else { return }
        try await env.write { tx in
            try await tx.keptForms.delete(id, of: actor.person)
            try await tx.audit(attempt)
        }
    }
}
