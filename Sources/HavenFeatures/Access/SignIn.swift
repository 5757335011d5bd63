import Foundation
import HavenDomain

/// R1.6: a new session: the token to give the client (never stored) and the session record.
public struct SignedIn: Sendable {
    public let token: String
    public let session: Session
    public let person: Person
    public let hasSecondFactor: Bool
}

/// R1.6: why a sign-in was refused. The message never says whether the email exists.
public enum SignInError: Error, Equatable, Sendable {
    case wrongCredentials
    case throttled(until: Date)
    case wrongCode
    case noSecondFactorEnrolled
}

/// R1.6: password sign-in, throttled per email address. A password alone gives a session that
/// can record concerns; case content needs the second factor on top.
public struct SignIn: Sendable {
    let env: HavenEnvironment
    let throttle: SignInThrottle
    public static let sessionLifetime: TimeInterval = 12 * 3600

    public init(_ env: HavenEnvironment, throttle: SignInThrottle = SignInThrottle()) {
        self.env = env
        self.throttle = throttle
    }

    /// `address` is where the attempt comes from (the client's IP address), for the throttle.
    ///
    /// Everything before the password check is decided in memory or by reads on the pool: the
    /// limits per address and for everyone (`AttemptCounters`), then the account's stored
    /// failures. The check itself runs outside the writer. Only a success waits for the writer
    /// (its session must be durable before its token is given out). A failure against a real
    /// account is stored and audited without being waited for, and one for an email with no
    /// account is only counted, and audited as a count once a minute: so an unknown email is
    /// answered exactly like a known one, and a flood of guesses writes next to nothing.
    public func callAsFunction(email: String?, password: String?, from address: String = "unknown") async throws
        -> SignedIn
    {
        var errors: [FieldError] = []
        let email = cleaned(email)?.lowercased()
        let password = password ?? ""
        if email == nil { errors.append(.init(field: "email", message: Words("access.email.enterYourEmailAddress"))) }
        if password.isEmpty {
            errors.append(.init(field: "password", message: Words("access.password.enterYourPassword")))
        }
        try InvalidInput.check(errors)
        let now = env.clock.now()
        let throttle = self.throttle
        let passwords = env.passwords
        let idleTimeout = env.sessionIdleTimeout
        let counters = env.counters
        let limits = env.limits
        let keys = Self.throttleKeys(email: email!, address: address)
        let everyKey = [keys.pair, keys.address, keys.account]
        try Self.admit(counters: counters, limits: limits, throttle: throttle, keys: keys, now: now)
        let since = now.addingTimeInterval(-throttle.window)
        let (pair, account, found) = try await env.read { tx in
            (
                try await tx.sessions.failures(key: keys.pair, since: since),
                try await tx.sessions.failures(key: keys.account, since: since),
                try await tx.people.credentials(email: email!)
            )
        }
        if let until = throttle.nextSignIn(accountFromAddress: pair, address: [], account: account, now: now) {
            counters.withdraw(everyKey, at: now)
            throw SignInError.throttled(until: until)
        }
        // The password is checked outside the writer (bcrypt must not hold up anyone's record),
        // and an unknown, unactivated or deactivated account costs the same work as a real one,
        // so the time taken does not tell which emails have accounts.
        let credentials = found.flatMap { $0.person.isActive(at: now) && !$0.passwordHash.isEmpty ? $0 : nil }
        let hash = credentials?.passwordHash ?? passwords.unusableHash
        let matches: Bool
        do { matches = try await PasswordWork.run { passwords.verify(password, against: hash) } } catch {
            counters.withdraw(everyKey, at: now)
            throw error
        }
        guard let credentials, matches else {
            Self.recordFailure(env, person: found?.person.id, keys: [keys.pair, keys.account], at: now)
            throw SignInError.wrongCredentials
        }
        counters.succeeded(everyKey, clearing: [keys.pair, keys.account], at: now)
        let token = SecretToken.encode(env.ids.randomBytes(32))
        let csrf = SecretToken.encode(env.ids.randomBytes(24))
        return try await env.write { tx in
            try await tx.sessions.clearFailures(key: keys.pair)
            try await tx.sessions.clearFailures(key: keys.account)
            // Ended sessions are kept a day, so a form sent just after one ended can still be kept for its author.
            try await tx.sessions.deleteExpired(
                before: now.addingTimeInterval(-86_400), idleBefore: now.addingTimeInterval(-86_400 - idleTimeout))
            let session = Session(
                tokenHash: SecretToken.hash(token), person: credentials.person.id, csrfToken: csrf,
                secondFactorPassed: false, createdAt: now, expiresAt: now.addingTimeInterval(Self.sessionLifetime))
            try await tx.sessions.create(session)
            try await tx.audit(AuditEntry(actor: credentials.person.id, action: .signedIn))
            return SignedIn(
                token: token, session: session, person: credentials.person,
                hasSecondFactor: credentials.totpSecret != nil)
        }
    }

    /// Refuses, from memory alone, an attempt from an address that has failed too often, or any
    /// attempt while too many are failing everywhere, or one racing the account's own failures;
    /// otherwise counts it as failed until it succeeds.
    static func admit(
        counters: AttemptCounters, limits: Limits, throttle: SignInThrottle,
        keys: (pair: String, address: String, account: String), now: Date
    ) throws {
        let address = SignInThrottle.Limit(
            free: limits.failedSignInsPerAddress, longestWait: throttle.address.longestWait)
        let wait = counters.admit([keys.pair, keys.address, keys.account], at: now) { remembered, everywhere in
            if everywhere >= limits.failedSignInsPerMinute { return now.addingTimeInterval(60) }
            return [
                throttle.nextAttempt(after: remembered[0], limit: throttle.accountFromAddress, now: now),
                throttle.nextAttempt(after: remembered[1], limit: address, now: now),
                throttle.nextAttempt(after: remembered[2], limit: throttle.account, now: now),
            ].compactMap { $0 }.max()
        }
        if let wait { throw SignInError.throttled(until: wait) }
    }

    /// A failure is answered at once. Against a real account it is stored (so a restart or another
    /// server still counts it) and audited, in the background; for an unknown email it is only
    /// counted, and the count audited once a minute.
    static func recordFailure(_ env: HavenEnvironment, person: PersonID?, keys: [String], at now: Date) {
        guard let person else {
            if let unknown = env.counters.unknownAccount(at: now) { recordUnknown(env, unknown) }
            return
        }
        Task {
            do {
                try await env.write { tx in
                    for key in keys { try await tx.sessions.recordFailure(key: key, at: now) }
                    try await tx.audit(
                        AuditEntry(
                            actor: nil, action: .signInFailed, subjectType: .person, subjectID: person.description))
                }
            } catch {
                env.problems("a failed sign-in could not be recorded: \(type(of: error))")
            }
        }
    }

    static func recordUnknown(_ env: HavenEnvironment, _ unknown: (count: Int, since: Date)) {
        Task {
            do { try await RecordUnknownSignIns.record(env, unknown) } catch {
                env.problems("failed sign-ins for unknown emails could not be recorded: \(type(of: error))")
            }
        }
    }

    /// The three counts a failure is kept under: the account from this address, the address, the account.
    static func throttleKeys(email: String, address: String) -> (pair: String, address: String, account: String) {
        ("pair:\(email)|\(address)", "address:\(address)", accountKey(email: email))
    }

    /// The account-wide count, which re-typing a password while signed in counts towards too.
    static func accountKey(email: String) -> String { "email:\(email)" }
}

/// R1.6, R7.1: failed sign-ins for emails with no account, recorded as one audit event with their
/// count, not one each. Haven records them a minute after the first, and at shutdown.
public struct RecordUnknownSignIns: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// Records whatever has been counted and not yet recorded.
    public func callAsFunction() async throws {
        if let unknown = env.counters.pendingUnknown(now: env.clock.now()) { try await Self.record(env, unknown) }
    }

    static func record(_ env: HavenEnvironment, _ unknown: (count: Int, since: Date)) async throws {
        let millis = unknown.since.millis
        try await env.append { tx in
            try await tx.audit(
                AuditEntry(
                    actor: nil, action: .unknownSignInsCounted, subjectType: .signIns, subjectID: String(millis),
                    // words: not shown (an audit record)
                    reason: "\(unknown.count) failed sign-in\(unknown.count == 1 ? "" : "s") for emails with no account"
                ))
        }
    }
}
