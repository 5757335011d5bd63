import HavenDomain
import HavenFeatures
import Vapor

/// R7.1: the audit chain's health, for auditors, administrators and DSLs. No case content.
struct AuditController {
    struct StatusPage: Content {
        let intact: Bool
        let eventsChecked: Int
        let headSequence: Int64?
        let headMAC: String?
        let fault: String?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "audit", access: .permission(.viewAuditStatus), use: page)
    }

    static func status(_ req: Request) async throws -> StatusPage {
        let result = try await CheckAuditChain(req.haven, verifier: req.application.auditVerifier)(by: try req.actor)
        return StatusPage(intact: result.fault == nil, eventsChecked: result.eventsChecked, headSequence: result.head?.sequence,
                          headMAC: result.head?.mac, fault: result.fault?.description)
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        try await req.page("audit", try await Self.status(req))
    }
}
