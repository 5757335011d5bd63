import HavenDomain
import HavenFeatures
import Vapor

/// R1.2: the changes waiting for a DSL's approval, and the DSL's decision on each.
struct ApprovalsController {
    struct ApprovalsPage: Encodable {
        struct Line: Encodable {
            let id: String
            let description: String
            let requestedBy: String
            let requestedAt: String
            let canApprove: Bool
            let cannotApprove: String?
            let canRefuse: Bool
            let outcome: String?
        }
        let pending: [Line]
        let decided: [Line]
        let done: String?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "approvals", access: .permission(.viewApprovals), use: list)
        // A refused decision comes back on the list with what stopped it (N2).
        let decide = RouteAccess.permission(.decideApproval)
        routes.on(.POST, "approvals", ":approvalID", "approve", access: decide, formPage: list, use: approve)
        routes.on(.POST, "approvals", ":approvalID", "refuse", access: decide, formPage: list, use: refuse)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let (pending, decided) = try await Approvals(req.haven).list(by: try req.actor)
        func line(_ item: Approvals.Line) -> ApprovalsPage.Line {
            let said: String? =
                switch item.approval.status {
                case .pending: nil
                case .approved: "approvals.approvedBy"
                case .refused: "approvals.refusedBy"
                case .withdrawn: "approvals.withdrawnBy"
                }
            let outcome = said.map { key in
                req.text(
                    key,
                    [
                        "who": .words(item.decidedBy ?? Words("person.noLongerOnRecord")),
                        "at": .moment(item.approval.decidedAt ?? item.approval.requestedAt),
                    ])
            }
            return .init(
                id: item.approval.id.description, description: req.text(item.description),
                requestedBy: req.text(item.requestedBy),
                requestedAt: req.display(item.approval.requestedAt), canApprove: item.cannotApprove == nil,
                cannotApprove: item.cannotApprove.map { req.text($0.words) }, canRefuse: item.canRefuse,
                outcome: outcome)
        }
        let done = (try? req.query.get(String.self, at: "done")).flatMap {
            [
                "approved": "approvals.done.approved", "refused": "approvals.done.refused",
            ][$0].map { req.text($0) }
        }
        return try await req.page(
            "approvals",
            ApprovalsPage(pending: pending.map(line), decided: decided.map(line), done: done))
    }

    func decide(_ req: Request, approve: Bool) async throws -> Response {
        let id: ApprovalID = try req.parameterID("approvalID")
        try await Approvals(req.haven).decide(id, approve: approve, by: try req.actor)
        return req.redirect(to: approve ? "/approvals?done=approved" : "/approvals?done=refused")
    }

    @Sendable func approve(_ req: Request) async throws -> Response { try await decide(req, approve: true) }

    @Sendable func refuse(_ req: Request) async throws -> Response { try await decide(req, approve: false) }
}
