import Vapor

/// Running Haven: /metrics and /readyz for the people who keep it up.
struct OperationsWeb: WebModule {
    let name = "Operations"  // words: not shown (a module name, for developers)

    func routes(_ routes: any RoutesBuilder) {
        MetricsRoute().register(routes)
        ReadinessRoute().register(routes)
    }
}
