import Foundation
import HavenDomain

/// Everything a use case needs from outside, passed in as one value: no globals.
public struct HavenEnvironment: Sendable {
    public let unitOfWork: any UnitOfWork
    public let clock: any Now
    public let ids: any IDs
    public let passwords: any PasswordHasher
    public let calendar: WorkingDayCalendar
    /// The address people use to reach Haven, for links in emails.
    public let publicURL: String
    /// R1.6: a session unused for this long ends (a setting; 30 minutes unless changed).
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// Issue 13.3: whether alert email goes anywhere (SMTP set up), and how long the oldest
    /// unsent one may wait before the DSL's dashboard shows it in red.
    public var emailConfigured = false
    public var emailLateAfter: TimeInterval = 10 * 60
    /// How much one address, one person or everyone may do before being slowed down (settings).
    public var limits = Limits()
    /// Reverse proxies whose `X-Forwarded-For` names the client (a setting; none unless listed).
    public var trustedProxies = TrustedProxies.none
    /// The counts those limits are applied to, in memory, before anything reaches the writer.
    public let counters = AttemptCounters()
    /// N6: every language Haven has the words for.
    public var catalogues: Catalogues
    /// N6: the organisation's language: emails, and pages for a browser that asks for none of
    /// the others (a setting; English unless changed).
    public var words: Catalogue
    /// Where work done in the background reports a failure nobody is waiting to hear (the log).
    public var problems: @Sendable (String) -> Void = { _ in }

    public init(
        unitOfWork: any UnitOfWork, clock: any Now, ids: any IDs, passwords: any PasswordHasher,
        calendar: WorkingDayCalendar, publicURL: String, catalogues: Catalogues
    ) {
        self.catalogues = catalogues
        self.words = catalogues.english
        self.unitOfWork = unitOfWork
        self.clock = clock
        self.ids = ids
        self.passwords = passwords
        self.calendar = calendar
        self.publicURL = publicURL
    }

    /// N6: words in the organisation's language, for what is written now and read later (emails,
    /// notes left in the app), dates in its time zone.
    public func text(_ words: Words) -> String { self.words.text(words, timeZone: calendar.timeZone) }

    /// An email body: paragraphs in the organisation's language, lines ending CRLF as mail needs.
    func emailBody(_ paragraphs: [Words]) -> String {
        // Every line break, however written (a lone CR too), becomes CRLF.
        paragraphs.map(text).joined(separator: "\n\n").replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any Transaction) async throws -> T) async throws -> T {
        try await unitOfWork.write(body)
    }

    func append<T: Sendable>(_ body: @escaping @Sendable (any Appending) async throws -> T) async throws -> T {
        try await unitOfWork.append(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any Reading) async throws -> T) async throws -> T {
        try await unitOfWork.read(body)
    }

    /// R7.1: decides on the pool, before the writer, whether `attempt` may go ahead, and reads
    /// what the write will need. A refusal is audited by an append of its own and thrown; the
    /// write that follows records its own event. A person refused `limits.refusalsPerPersonPer10Minutes`
    /// times in ten minutes is paused (audited once), so that trying identifiers cannot fill the
    /// audit log or hold up the writer.
    func authorise<T: Sendable>(_ attempt: AuditEntry, _ body: @escaping @Sendable (any Reading) async throws -> T)
        async throws -> T
    {
        let limit = limits.refusalsPerPersonPer10Minutes
        if let person = attempt.actor, counters.refusalsReached(by: person, limit: limit, now: clock.now()) {
            throw LimitReached.refusals
        }
        do {
            return try await unitOfWork.read(body)
        } catch let refusal as AccessError {
            guard let refused = attempt.refused(refusal) else { throw refusal }
            try await unitOfWork.append { tx in try await tx.audit(refused) }
            if let person = attempt.actor, counters.countRefusal(by: person, limit: limit, now: clock.now()) {
                try await unitOfWork.append { tx in
                    try await tx.audit(
                        AuditEntry(
                            actor: person, action: .refusalsPaused, subjectType: .person,
                            subjectID: person.description))
                }
            }
            throw refusal
        }
    }

    /// R7.1: reading case content. The read runs on the pool; the audit event that records it is
    /// appended through the writer, and the content is returned only once that event is durable.
    /// A refusal (the record is not there, or is not this person's to see) rolls nothing back,
    /// since nothing was written: it is recorded by an append of its own, and then thrown.
    func auditedRead<T: Sendable>(_ entry: AuditEntry, _ body: @escaping @Sendable (any Reading) async throws -> T)
        async throws -> T
    {
        try await auditedRead(entry, body, recording: { _ in entry })
    }

    /// Issue 12.8: an audited read whose event names what the read found (the children a page
    /// listed): `recording` makes the event from the value read, or nil when the read found no
    /// case content at all (an empty list), which then writes nothing.
    func auditedRead<T: Sendable>(
        _ attempt: AuditEntry, _ body: @escaping @Sendable (any Reading) async throws -> T,
        recording: @escaping @Sendable (T) -> AuditEntry?
    ) async throws -> T {
        let value = try await authorise(attempt, body)
        if let entry = recording(value) {
            try await unitOfWork.append { tx in try await tx.audit(entry) }
        }
        return value
    }
}
