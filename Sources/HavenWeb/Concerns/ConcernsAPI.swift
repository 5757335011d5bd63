import HavenDomain
import HavenFeatures
import Vapor

/// The API's concerns: recording one, its receipt, reading it and adding to it (documented in
/// OpenAPI/concerns.json). The same use cases and access rules as the pages.
struct ConcernsAPI {
    struct CategoryOut: APIBody {
        let id: String
        let title: String
        let definition: String
    }

    static let idempotencyKey = "Idempotency-Key"

    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.on(.GET, "categories", access: .signedIn, use: categories)
        api.on(.POST, "concerns", access: .permission(.recordConcern), use: record)
        api.on(.GET, "concerns", ":concernID", "receipt", access: .perRecord, use: receipt)
        api.on(.GET, "concerns", ":concernID", access: .perRecord, use: concern)
        api.on(.POST, "concerns", ":concernID", "addenda", access: .perRecord, use: addendum)
        let restricted = RouteAccess.permission(.handleRestricted)
        api.on(.POST, "concerns", ":concernID", "restricted", access: restricted, use: addRestricted)
        api.on(.POST, "concerns", ":concernID", "restricted", "read", access: restricted, use: readRestricted)
    }

    @Sendable func categories(_ req: Request) async throws -> Response {
        try HavenJSON.response(
            ConcernCategory.allCases.map {
                CategoryOut(id: $0.rawValue, title: req.text($0.title), definition: req.text($0.definition))
            })
    }

    @Sendable func record(_ req: Request) async throws -> Response {
        let draft = try req.content.decode(ConcernInput.self).draft(timeZone: req.timeZone, now: req.haven.clock.now())
        // Issue 12.4: a client sending the same Idempotency-Key again gets the first receipt.
        let submission = try SubmissionKey.sent(
            req.headers.first(name: Self.idempotencyKey), field: Self.idempotencyKey)
        let recorded = try await RecordConcern(req.haven)(
            draft, submission: submission, keyField: Self.idempotencyKey, by: try req.actor)
        let response = try await ReceiptOutput(recorded.receipt, nudges: recorded.nudges, req).encodeResponse(
            status: .created, for: req)
        if recorded.repeated { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        return response
    }

    @Sendable func receipt(_ req: Request) async throws -> ReceiptOutput {
        ReceiptOutput(
            try await ViewReceipt(req.haven)(try req.parameterID("concernID"), by: try req.actor), nudges: [], req)
    }

    @Sendable func concern(_ req: Request) async throws -> ConcernOutput {
        ConcernOutput(
            try await ReadConcern(req.haven)(
                try req.parameterID("concernID"), addendaAfter: try req.addendaPosition(), by: try req.actor), req)
    }

    @Sendable func addendum(_ req: Request) async throws -> Response {
        let input = try req.content.decode(AddendumInput.self)
        let added = try await AddAddendum(req.haven)(
            to: try req.parameterID("concernID"), reason: input.reason, text: input.text, by: try req.actor)
        return try await CreatedID(id: added.id.description).encodeResponse(status: .created, for: req)
    }

    /// R7.1: what a child shared in confidence, as the API gives it.
    struct RestrictedOut: APIBody {
        struct Item: APIBody {
            let addedAt: Date
            let addedBy: String
            let text: String
        }
        let information: [Item]
    }

    @Sendable func readRestricted(_ req: Request) async throws -> RestrictedOut {
        let form = try req.content.decode(ConcernController.RestrictedReadingForm.self)
        let reason = try RestrictedReadingReason.validated(purpose: form.reason, note: form.reasonNote)
        let reading = try await KeepInConfidence(req.haven).read(
            try req.parameterID("concernID"), reason: reason, by: try req.actor)
        return RestrictedOut(
            information: reading.information.map {
                .init(addedAt: $0.addedAt, addedBy: reading.names[$0.addedBy] ?? "", text: $0.text)
            })
    }

    @Sendable func addRestricted(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ConcernController.RestrictedAddForm.self)
        let added = try await KeepInConfidence(req.haven).add(
            form.text, to: try req.parameterID("concernID"), by: try req.actor)
        return try await CreatedID(id: added.description).encodeResponse(status: .created, for: req)
    }
}
