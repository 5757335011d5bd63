import HavenDomain
import Vapor

/// What a module brings to the route × role matrix: who should be able to use each of its routes
/// (stated here, apart from the routes' own registration, so that a route registered with too weak
/// a rule is caught), records to try them on, a value for each route parameter, a valid body for
/// each write (so that it is the access rule that refuses it, not validation), and the values in
/// its records that only need-to-know may see.
public protocol MatrixFixtures: Sendable {
    func seed(_ haven: TestHaven, into world: inout MatrixWorld) async throws
}

/// Everything the modules' fixtures set up, keyed by route ("POST /concerns/:concernID/addenda").
public struct MatrixWorld: Sendable {
    /// A value for each route parameter, by name ("concernID").
    public var parameters: [String: String] = [:]
    /// A different value for a parameter on one route (a second approval to refuse).
    public var routeParameters: [String: [String: String]] = [:]
    /// Who should be able to use each route, on the fixture records. Every route needs one.
    public var rules: [String: MatrixRule] = [:]
    /// A valid body for each write route, made for the person asking (nil when anonymous).
    public var bodies: [String: @Sendable (TestHaven, TestSession?) -> MatrixBody] = [:]
    /// Values from the records that only the people `readableWith` allows may see anywhere.
    public var secrets: [MatrixSecret] = []
    /// Routes whose success sends the person to sign in, as a refusal does (signing out): they
    /// succeeded if they ended the session.
    public var endsTheSession: Set<String> = []
    /// Routes that end or change the session they are sent with, or the person's others: each
    /// asker is given a session of their own for them.
    public var spendsTheSession: Set<String> = []

    public init() {}

    /// States who should be able to use these routes.
    public mutating func expect(_ rule: MatrixRule, _ routes: String...) {
        for route in routes {
            precondition(rules[route] == nil, "two rules for \(route)")
            rules[route] = rule
        }
    }
}

/// Who should be able to use a route: anyone, anyone signed in, or those a permission allows
/// (for a route about one record, the permission for that record).
public enum MatrixRule: Sendable {
    case anyone
    case signedIn
    case allowedBy(Permission)
}

/// A fixture value that must appear only to those with need-to-know.
public struct MatrixSecret: Sendable {
    public let label: String
    public let value: String
    public let readableWith: Permission
    /// Whether everyone `readableWith` allows must see it somewhere (false for a value shown on
    /// no route the matrix opens for them, such as a second concern's child to its recorder).
    public let mustBeSeen: Bool

    public init(_ label: String, _ value: String, readableWith: Permission, mustBeSeen: Bool = true) {
        self.label = label
        self.value = value
        self.readableWith = readableWith
        self.mustBeSeen = mustBeSeen
    }

    /// Whether `text` holds the value as it is, or hex- or base64-encoded.
    public func appears(in text: String) -> Bool {
        let bytes = Array(value.utf8)
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let base64 = Data(bytes).base64EncodedString().trimmingCharacters(in: CharacterSet(charactersIn: "="))
        return text.contains(value) || text.lowercased().contains(hex)
            || text.contains(String(base64.prefix(max(12, base64.count - 4))))
    }
}

/// A write route's body: form fields (the CSRF token is added when sent) or JSON.
public enum MatrixBody: Sendable {
    case form([(String, String)])
    case json(String)
    /// R3.1: a form with a file.
    case upload([(String, String)], TestHaven.UploadedFile)
    /// R3.1 over the API: a document sent as the body itself.
    case document(TestHaven.UploadedFile)
}

/// The route's key as the fixtures name it.
public func matrixKey(_ route: Route) -> String {
    "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
}
