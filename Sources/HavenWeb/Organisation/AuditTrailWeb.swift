import HavenDomain
import Vapor

/// The audit trail's status page: whether the chain verifies, and its checkpoints.
struct AuditTrailWeb: WebModule {
    let name = "Audit trail"  // words: not shown (a module name, for developers)

    func routes(_ routes: any RoutesBuilder) {
        AuditController().register(routes)
    }

    let navigation = [
        NavigationEntry(title: Words("nav.auditLog"), href: "/audit", place: 50, permission: .viewAuditStatus)
    ]
}
