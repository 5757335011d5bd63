import HavenDomain
import HavenFeatures
import Vapor

/// R1.6: the forms kept for the signed-in person when their session ended before they were sent:
/// each shown to check, with a button that sends it again as it was, and one to discard it.
struct KeptFormsController {
    struct KeptPage: Encodable {
        struct Field: Encodable {
            let name: String
            let value: String
            let label: String
            let display: String
            let shown: Bool
        }
        struct Form: Encodable {
            let id: String
            let action: String
            let what: String
            let keptAt: String
            let fields: [Field]
        }
        let forms: [Form]
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "account", "kept-forms", access: .signedIn, use: list)
        routes.on(.POST, "account", "kept-forms", ":formID", "discard", access: .signedIn, use: discard)
    }

    /// The recording form's questions, so a kept concern reads as it was asked (other forms' fields
    /// show under their own names).
    static let labels: [String: String] = [
        "child.name": "Child's name", "child.description": "Description of the child",
        "child.dateOfBirth": "Date of birth",
        "child.approximateAge": "Approximate age", "child.gender": "Gender", "child.ethnicity": "Ethnicity",
        "child.firstLanguage": "First language",
        "child.religion": "Religion", "child.disability": "Disability or special needs", "child.address": "Address",
        "child.school": "School",
        "howItArose": "How it came to light", "site": "Site", "occurredAt": "When", "location": "Where",
        "whoWasPresent": "Who else was there",
        "account": "What you saw or heard", "accountProvenance": "Seen or heard first hand?", "injury": "Injury",
        "actionTaken": "What you did",
        "childLocationNow": "Where the child is now", "alreadyTold": "Who you have told",
        "categories[]": "Kind of concern",
        "linkedChildren": "Other children", "allegedPerpetrator.name": "Person who may have caused harm",
        "allegedPerpetrator.relationship": "Their relationship to the child",
        "allegedPerpetrator.worksWithChildren": "They work or volunteer with children",
        "immediateDanger": "The child is in immediate danger", "medicalAttention": "Medical help", "reason": "Why",
        "text": "What to add",
        "rationale": "Rationale", "outcome": "Outcome", "description": "Action", "dueOn": "Due",
    ]

    /// A value as a person chose it, not as the form sends it.
    static func shown(_ name: String, _ value: String) -> String {
        switch name {
        case "howItArose": HowItArose(rawValue: value)?.title ?? value
        case "accountProvenance": Provenance(rawValue: value)?.title ?? value
        case "categories[]": ConcernCategory(rawValue: value)?.title ?? value
        case "immediateDanger", "allegedPerpetrator.worksWithChildren": value == "on" ? "Yes" : value
        default: value
        }
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
        return try await req.page(
            "kept-forms",
            KeptPage(
                forms: forms.compactMap { form in
                    // Sent again only to one of Haven's own forms.
                    guard LocalPath(form.path, routes: req.application.routes, method: .POST) != nil else { return nil }
                    let child = form.fields.first { $0.name == "child.name" && !$0.value.isEmpty }?.value
                    return .init(
                        id: form.id.lowercasedString, action: form.path,
                        what: child.map { "A concern you were recording about \($0)" } ?? Self.describe(form.path),
                        keptAt: req.display(form.createdAt),
                        fields: form.fields.map {
                            .init(
                                name: $0.name, value: $0.value, label: Self.labels[$0.name] ?? $0.name,
                                display: Self.shown($0.name, $0.value), shown: !$0.value.isEmpty)
                        })
                }))
    }

    @Sendable func discard(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("formID").flatMap(UUID.init(uuidString:)) else { throw AccessError.notFound }
        try await KeptForms(req.haven, sealer: req.application.formSealer).discard(id, by: try req.actor)
        return req.redirect(to: "/account/kept-forms")
    }
}
