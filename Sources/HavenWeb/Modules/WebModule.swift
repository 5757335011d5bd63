import Vapor

/// What a module brings to the web: its pages and API routes (each registered with its access
/// rule), its links in the main navigation, and its part of the OpenAPI document.
protocol WebModule: Sendable {
    /// The module's name, as test failures and docs/adding-a-module.md call it.
    var name: String { get }
    func routes(_ routes: any RoutesBuilder)
    var navigation: [NavigationEntry] { get }
    /// The file in Resources/OpenAPI that documents this module's API routes, if it has any.
    var openAPIPart: String? { get }
}

extension WebModule {
    var navigation: [NavigationEntry] { [] }
    var openAPIPart: String? { nil }
}
