import HavenDomain
import HavenFeatures
import Vapor

/// R7.1: the audit chain's health, for auditors, administrators and DSLs: the last check of the
/// whole chain (a page view never starts one: a long chain takes time, and anyone could start
/// them), a button to check now, the last checkpoint signed for the auditors, and whether the
/// anchor outside the database is being written. No case content.
struct AuditController {
    struct StatusPage: Content {
        let checked: Bool
        let intact: Bool
        let checkedAt: String?
        let checkedBy: String?
        let eventsChecked: Int
        let anchorLines: Int
        let headSequence: Int64?
        let fault: String?
        let anchorProblem: String?
        let checkpointSequence: Int64?
        let checkpointAt: String?
        let anchorProtected: Bool
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "audit", access: .permission(.viewAuditStatus), use: page)
        routes.on(.POST, "audit", "verify", access: .permission(.viewAuditStatus), use: verify)
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let status = try await ViewAuditStatus(req.haven, verifier: req.application.auditVerifier)(by: try req.actor)
        let last = status.lastVerification
        var by: String?
        if let person = last?.by {
            by = try await req.haven.unitOfWork.read { tx in try await tx.people.find(person)?.name }
        }
        return try await req.page(
            "audit",
            StatusPage(
                checked: last != nil, intact: last != nil && last?.fault == nil,
                checkedAt: last.map { req.display($0.at) },
                checkedBy: last == nil ? nil : (by ?? req.text("audit.checkedByHaven")),
                eventsChecked: last?.eventsChecked ?? 0,
                anchorLines: last?.anchorLinesChecked ?? 0,
                headSequence: last?.headSequence, fault: last?.fault,
                anchorProblem: status.anchorProblem.map {
                    req.text(
                        "audit.anchorProblem",
                        ["since": .moment($0.since), "count": .number($0.failures), "reason": .text($0.reason)])
                },
                checkpointSequence: status.lastCheckpoint?.head.sequence,
                checkpointAt: status.lastCheckpoint.map {
                    req.display(Date(timeIntervalSince1970: Double($0.atMillis) / 1000))
                },
                anchorProtected: status.anchorProtected))
    }

    @Sendable func verify(_ req: Request) async throws -> Response {
        _ = try await VerifyAuditChain(req.haven, verifier: req.application.auditVerifier)(by: try req.actor)
        return req.redirect(to: "/audit")
    }
}
