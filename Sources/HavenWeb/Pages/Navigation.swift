import HavenDomain
import Vapor

/// One link in the main navigation, shown to the people whose roles allow `permission` (with or
/// without the second factor yet: the page asks for it).
struct NavigationEntry: Sendable {
    let title: Words
    let href: String
    /// Where it sits: lower comes first.
    let place: Int
    let permission: Permission
    /// A class for a link that stands out ("nav-record").
    var style: String? = nil

    func shows(to actor: Actor) -> Bool { AccessPolicy.decide(permission, for: actor) != .denied }
}

/// A link as a page shows it.
struct NavigationLink: Encodable {
    let title: String
    let href: String
    let style: String?
}

extension Permission {
    /// Anyone signed in (their own account page).
    static let signedIn = Permission("session.signed_in") { _ in .allowed }
}

enum Navigation {
    static let entries: [NavigationEntry] = WebModules.all.flatMap(\.navigation).sorted { $0.place < $1.place }

    /// The links this person sees, in order.
    static func links(for actor: Actor?, _ request: Request) -> [NavigationLink] {
        guard let actor else { return [] }
        return entries.filter { $0.shows(to: actor) }.map {
            NavigationLink(title: request.text($0.title), href: $0.href, style: $0.style)
        }
    }
}
