import HavenDomain
import Vapor

/// R7.1: the rule each route is registered with. Every route must carry one: the route × role
/// test enumerates the route table and fails on a route without a rule.
public enum RouteAccess: Sendable {
    /// Reachable without signing in: health check, sign-in pages, static files.
    case open
    /// Any signed-in person, password alone is enough (R1.6: recording a concern).
    case signedIn
    /// Any signed-in person; the use case then applies the access policy to the record itself
    /// (a recorder's own receipt or concern).
    case perRecord
    /// The access policy decides from the person's roles and second factor.
    case permission(Permission)

    /// Whether anyone may reach it without signing in.
    public var isOpen: Bool {
        if case .open = self { return true }
        return false
    }

    static let key: AnySendableHashable = "haven.access"
    static let bodyLimitKey: AnySendableHashable = "haven.body-limit"
    static let formPageKey: AnySendableHashable = "haven.form-page"
    static let documentKey: AnySendableHashable = "haven.document"
    static let sessionlessKey: AnySendableHashable = "haven.sessionless"
    /// The most a form or API body may hold: a 20,000-character account in any script,
    /// percent-encoded, with the rest of the form.
    static let bodyLimit: ByteCount = "256kb"
}

extension Route {
    /// The rule this route was registered with, if any.
    public var access: RouteAccess? { userInfo[RouteAccess.key] as? RouteAccess }

    /// N2: the page that shows this route's form again when what was sent is refused.
    var formPage: FormPage? { userInfo[RouteAccess.formPageKey] as? FormPage }

    /// How many bytes of body this route takes.
    var bodyLimit: Int { (userInfo[RouteAccess.bodyLimitKey] as? Int) ?? RouteAccess.bodyLimit.value }

    /// R3.1: whether this route takes a document (a copy of a referral form) as a file.
    var takesDocument: Bool { documentForm != nil }

    /// R3.1: the scope (`_form`) of the form that sends this route a document, if it takes one.
    var documentForm: String? { userInfo[RouteAccess.documentKey] as? String }

    /// Issue 13.4: whether this route is for machines (health, readiness, metrics) and looks up
    /// no session: its bearer token is an operations token, and it must answer while the
    /// database does not.
    var sessionless: Bool { (userInfo[RouteAccess.sessionlessKey] as? Bool) ?? false }
}

extension RoutesBuilder {
    /// Registers a route together with its access rule, and for a form, the page that shows it
    /// again, filled in, when what was sent is refused (N2: never a separate error page).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: PathComponent..., access: RouteAccess,
        formPage: (@Sendable (Request) async throws -> Vapor.Response)? = nil, documentForm: String? = nil,
        sessionless: Bool = false, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        // R3.1: a route taking a document takes the largest one kept, with the form around it.
        let limit = documentForm != nil ? ReferralCopy.byteLimit + 64 * 1024 : RouteAccess.bodyLimit.value
        let route = on(method, path, body: .collect(maxSize: ByteCount(value: limit)), use: closure)
        route.userInfo[RouteAccess.key] = access
        route.userInfo[RouteAccess.bodyLimitKey] = limit
        if let documentForm { route.userInfo[RouteAccess.documentKey] = documentForm }
        if sessionless { route.userInfo[RouteAccess.sessionlessKey] = true }
        if let formPage { route.userInfo[RouteAccess.formPageKey] = FormPage(show: formPage) }
        return route
    }
}
