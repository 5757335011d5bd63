import HavenDomain
import Vapor

/// Signing in and out, one's own account, the forms kept when a session ends, and the API's sessions.
struct AccessWeb: WebModule {
    let name = "Access"  // words: not shown (a module name, for developers)

    func routes(_ routes: any RoutesBuilder) {
        SessionController().register(routes)
        AccountController().register(routes)
        KeptFormsController().register(routes)
        SessionAPI().register(routes)
    }

    let navigation = [
        NavigationEntry(title: Words("nav.yourAccount"), href: "/account", place: 95, permission: .signedIn)
    ]
    let openAPIPart: String? = "access"
}
