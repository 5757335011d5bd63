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
    public func callAsFunction(email: String?, password: String?, from address: String = "unknown") async throws -> SignedIn {
        var errors: [FieldError] = []
        let email = cleaned(email)?.lowercased(), password = password ?? ""
        if email == nil { errors.append(.init(field: "email", message: "Enter your email address.")) }
        if password.isEmpty { errors.append(.init(field: "password", message: "Enter your password.")) }
        try InvalidInput.check(errors)
        let now = env.clock.now(), throttle = self.throttle, passwords = env.passwords, idleTimeout = env.sessionIdleTimeout
        let token = SecretToken.encode(env.ids.randomBytes(32)), csrf = SecretToken.encode(env.ids.randomBytes(24))
        let keys = Self.throttleKeys(email: email!, address: address)
        let since = now.addingTimeInterval(-throttle.window)
        let (pair, fromAddress, account, found) = try await env.read { tx in
            (try await tx.sessions.failures(key: keys.pair, since: since), try await tx.sessions.failures(key: keys.address, since: since),
             try await tx.sessions.failures(key: keys.account, since: since), try await tx.people.credentials(email: email!))
        }
        if let until = throttle.nextSignIn(accountFromAddress: pair, address: fromAddress, account: account, now: now) {
            throw SignInError.throttled(until: until)
        }
        // The password is checked outside the writer (bcrypt must not hold up anyone's record),
        // and an unknown, unactivated or deactivated account costs the same work as a real one,
        // so the time taken does not tell which emails have accounts.
        let credentials = found.flatMap { $0.person.isActive(at: now) && !$0.passwordHash.isEmpty ? $0 : nil }
        let matches = passwords.verify(password, against: credentials?.passwordHash ?? passwords.unusableHash)
        let outcome: Result<SignedIn, SignInError> = try await env.write { tx in
            guard let credentials, matches else {
                for key in [keys.pair, keys.address, keys.account] { try await tx.sessions.recordFailure(key: key, at: now) }
                try await tx.audit(AuditEntry(actor: nil, action: .signInFailed))
                return .failure(.wrongCredentials)
            }
            try await tx.sessions.clearFailures(key: keys.pair)
            try await tx.sessions.clearFailures(key: keys.account)
            // Ended sessions are kept a day, so a form sent just after one ended can still be kept for its author.
            try await tx.sessions.deleteExpired(before: now.addingTimeInterval(-86_400), idleBefore: now.addingTimeInterval(-86_400 - idleTimeout))
            let session = Session(tokenHash: SecretToken.hash(token), person: credentials.person.id, csrfToken: csrf,
                                  secondFactorPassed: false, createdAt: now, expiresAt: now.addingTimeInterval(Self.sessionLifetime))
            try await tx.sessions.create(session)
            try await tx.audit(AuditEntry(actor: credentials.person.id, action: .signedIn))
            return .success(SignedIn(token: token, session: session, person: credentials.person,
                                     hasSecondFactor: credentials.totpSecret != nil))
        }
        return try outcome.get()
    }

    /// The three counts a failure is kept under: the account from this address, the address, the account.
    static func throttleKeys(email: String, address: String) -> (pair: String, address: String, account: String) {
        ("pair:\(email)|\(address)", "address:\(address)", accountKey(email: email))
    }

    /// The account-wide count, which re-typing a password while signed in counts towards too.
    static func accountKey(email: String) -> String { "email:\(email)" }
}
