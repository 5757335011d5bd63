import HavenDomain
import HavenFeatures
import Vapor

/// R1.6: the forms kept for the signed-in person when their session ended before they were sent:
/// each shown to check, with a button that sends it again as it was, and one to discard it.
struct KeptFormsController {
    struct KeptPage: Encodable {
        struct Field: Encodable { let name: String; let value: String; let shown: Bool }
        struct Form: Encodable { let id: String; let action: String; let what: String; let keptAt: String; let fields: [Field] }
        let forms: [Form]
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "account", "kept-forms", access: .signedIn, use: list)
        routes.on(.POST, "account", "kept-forms", ":formID", "discard", access: .signedIn, use: discard)
    }

    /// What a kept form was, in words, from where it was being sent.
    static func describe(_ path: String) -> String {
        if path == "/concerns" { return "A concern you were recording" }
        if path.hasSuffix("/addenda") { return "Something you were adding to a concern" }
        if path.hasSuffix("/triage") { return "A decision you were recording" }
        if path.hasSuffix("/actions") { return "An action you were setting" }
        return "A form you were sending"
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let forms = try await KeptForms(req.haven, sealer: req.application.formSealer).list(by: try req.actor)
        return try await req.page("kept-forms", KeptPage(forms: forms.compactMap { form in
            // Sent again only to one of Haven's own forms.
            guard LocalPath(form.path, routes: req.application.routes, method: .POST) != nil else { return nil }
            return .init(id: form.id.lowercasedString, action: form.path, what: Self.describe(form.path), keptAt: req.display(form.createdAt),
                         fields: form.fields.map { .init(name: $0.name, value: $0.value, shown: !$0.value.isEmpty) })
        }))
    }

    @Sendable func discard(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("formID").flatMap(UUID.init(uuidString:)) else { throw AccessError.notFound }
        try await KeptForms(req.haven, sealer: req.application.formSealer).discard(id, by: try req.actor)
        return req.redirect(to: "/account/kept-forms")
    }
}
