import HavenDomain
import HavenFeatures
import Vapor

/// R1.2: the work people who have left leave behind, for the DSL to hand on.
struct HandoverController {
    struct HandoverPage: Encodable {
        struct Action: Encodable {
            let id: String
            let concernID: String
            let reference: String
            let description: String
            let due: String
        }
        struct Concern: Encodable {
            let concernID: String
            let reference: String
        }
        struct Leaver: Encodable {
            let name: String
            let status: String
            let actions: [Action]
            let delegated: [Concern]
        }
        let leavers: [Leaver]
        let owners: [Choice]
        let done: Bool
    }
    struct OwnerForm: Content { let owner: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "handover", access: .permission(.manageCase), use: page)
        routes.on(.POST, "actions", ":actionID", "owner", access: .perRecord, formPage: page, use: reassign)
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let (leavers, people) = try await Handover(req.haven)(by: try req.actor)
        let now = req.haven.clock.now()
        return try await req.page(
            "handover",
            HandoverPage(
                leavers: leavers.map { leaver in
                    .init(
                        name: leaver.person.name,
                        status: leaver.person.isActive(at: now)
                            ? req.text("handover.delegationLapsed")
                            : req.text(
                                "people.status.left", ["day": .day(Day(utc: leaver.person.deactivatedAt ?? now))]),
                        actions: leaver.actions.map {
                            .init(
                                id: $0.id.description, concernID: $0.concernID.description,
                                reference: leaver.references[$0.concernID] ?? "", description: $0.description,
                                due: req.words.day($0.dueOn))
                        },
                        delegated: leaver.delegated.map {
                            .init(concernID: $0.concernID.description, reference: $0.reference)
                        })
                },
                owners: people.map { Choice(value: $0.id.description, title: $0.name) },
                done: (try? req.query.get(String.self, at: "done")) == "1"))
    }

    @Sendable func reassign(_ req: Request) async throws -> Response {
        let form = try req.content.decode(OwnerForm.self)
        _ = try await Handover(req.haven).reassign(try req.parameterID("actionID"), to: form.owner, by: try req.actor)
        return req.redirect(to: "/handover?done=1")
    }
}
