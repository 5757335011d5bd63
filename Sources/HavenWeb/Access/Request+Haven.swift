import HavenDomain
import HavenFeatures
import Vapor

struct SignedInKey: StorageKey { typealias Value = SignedInPerson }
struct EnvironmentKey: StorageKey { typealias Value = HavenEnvironment }
struct WebSettingsKey: StorageKey { typealias Value = WebSettings }
struct AuditVerifierKey: StorageKey { typealias Value = any AuditChainVerifier }
struct FormSealerKey: StorageKey { typealias Value = any FormSealer }
struct EndedSessionKey: StorageKey { typealias Value = HavenFeatures.Session }

/// Settings of the web layer that differ between a test and production (never a code branch).
public struct WebSettings: Sendable {
    /// The `Secure` cookie flag: on unless Haven is reached over plain http.
    public let secureCookies: Bool
    public let organisationName: String
    /// Invented demo accounts exist: every page says so.
    public var isDemo: Bool

    // words: not shown (the product name)
    public init(secureCookies: Bool, organisationName: String = "Haven", isDemo: Bool = false) {
        self.secureCookies = secureCookies
        self.organisationName = organisationName
        self.isDemo = isDemo
    }
}

extension Application {
    /// The use cases' environment, set once by the composition root.
    public var haven: HavenEnvironment {
        get { storage[EnvironmentKey.self]! }
        set { storage[EnvironmentKey.self] = newValue }
    }

    /// R7.1: checks the audit chain for the audit page.
    public var auditVerifier: any AuditChainVerifier {
        get { storage[AuditVerifierKey.self]! }
        set { storage[AuditVerifierKey.self] = newValue }
    }

    /// R1.6: seals forms kept for someone whose session ended.
    public var formSealer: any FormSealer {
        get { storage[FormSealerKey.self]! }
        set { storage[FormSealerKey.self] = newValue }
    }

    public var webSettings: WebSettings {
        get { storage[WebSettingsKey.self] ?? WebSettings(secureCookies: true) }
        set { storage[WebSettingsKey.self] = newValue }
    }
}

extension Request {
    var haven: HavenEnvironment { application.haven }

    /// The signed-in person, if the request carries a live session.
    var signedIn: SignedInPerson? {
        get { storage[SignedInKey.self] }
        set { storage[SignedInKey.self] = newValue }
    }

    /// R1.6: the session the request's cookie names, if it has ended (set for form posts only).
    var endedSession: HavenFeatures.Session? {
        get { storage[EndedSessionKey.self] }
        set { storage[EndedSessionKey.self] = newValue }
    }

    /// The signed-in person; routes behind the access gate always have one.
    func requireSignedIn() throws -> SignedInPerson {
        guard let signedIn else { throw AccessError.notSignedIn }
        return signedIn
    }

    var actor: Actor {
        get throws { try requireSignedIn().actor }
    }

    /// Whether this request is for the JSON API rather than a page (from the matched route when
    /// there is one: `url.path` decodes the URL again on every call).
    var isAPI: Bool {
        if let route { return route.path.first == .constant("api") }
        return url.path.hasPrefix("/api/")
    }

    /// R1.6: where the request comes from, for throttling sign-in: the peer's IP address, or,
    /// when the peer is a listed reverse proxy, the client it names in `X-Forwarded-For`.
    var clientAddress: String {
        ClientAddress.resolve(
            peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor], trusted: haven.trustedProxies)
    }

    /// Where a page of a list starts: the query value `name`, exactly as the previous page's link
    /// wrote it, read by `read`; nil when absent; a 400 naming `name` for anything else.
    func pageLink<Position>(_ name: String, _ read: (String) -> Position?) throws -> Position? {
        guard let text = try? query.get(String.self, at: name) else { return nil }
        guard let position = read(text) else {
            throw WebError.badRequest(field: name, message: Words("web.after.useTheLinkAsGiven"))
        }
        return position
    }

    /// R3.1: the inbox page to start after.
    func inboxPosition() throws -> InboxPosition? { try pageLink("after", InboxPosition.init(token:)) }

    /// R3.2: the chronology page to start after.
    func chronologyPosition() throws -> ChronologyPosition? { try pageLink("after", ChronologyPosition.init(token:)) }

    /// R2.4: the page of a concern's addenda to start after.
    func addendaPosition() throws -> AddendumPosition? { try pageLink("addendaAfter", AddendumPosition.init(token:)) }

    /// R1.2: the page of people to start after: the last person on the previous page.
    func peoplePosition() throws -> PersonID? {
        try pageLink("after") { text in PersonID(string: text).flatMap { $0.description == text ? $0 : nil } }
    }

    /// R7.7: the access log page to read before: only the digits the link wrote (no sign, no
    /// leading zero).
    func accessLogBefore() throws -> Int64? {
        try pageLink("before") { text in
            guard text.count <= 19, text.first != "0", text.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            return Int64(text).flatMap { $0 > 0 ? $0 : nil }
        }
    }

    /// R3.2: the category a chronology is filtered by (`category`; none when absent or empty).
    func chronologyCategory() throws -> ConcernCategory? {
        guard let raw = try? query.get(String.self, at: "category"), !raw.isEmpty else { return nil }
        guard let category = ConcernCategory(rawValue: raw) else {
            throw WebError.badRequest(field: "category", message: Words("web.category.unknown"))
        }
        return category
    }

    func parameterID<T>(_ name: String, as: Identifier<T>.Type = Identifier<T>.self) throws -> Identifier<T> {
        guard let text = parameters.get(name), let id = Identifier<T>(string: text) else { throw AccessError.notFound }
        return id
    }
}
