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
            let label: Words
            let display: Words
            let shown: Bool
        }
        struct Form: Encodable {
            let id: String
            let action: String
            let what: Words
            let keptAt: String
            let fields: [Field]
        }
        let forms: [Form]
        /// How many kept forms wait for the second factor before they are shown.
        let needCode: Int
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "account", "kept-forms", access: .signedIn, use: list)
        routes.on(.POST, "account", "kept-forms", ":formID", "discard", access: .signedIn, use: discard)
    }

    /// The catalogue entries for the recording form's questions, so a kept concern reads as it
    /// was asked (other forms' fields show under their own names).
    static let labels: [String: String] = [
        "child.name": "keptForms.label.child.name",
        "child.description": "keptForms.label.child.description",
        "child.dateOfBirth": "keptForms.label.child.dateOfBirth",
        "child.approximateAge": "keptForms.label.child.approximateAge",
        "child.gender": "keptForms.label.child.gender",
        "child.ethnicity": "keptForms.label.child.ethnicity",
        "child.firstLanguage": "keptForms.label.child.firstLanguage",
        "child.religion": "keptForms.label.child.religion",
        "child.disability": "keptForms.label.child.disability",
        "child.address": "keptForms.label.child.address",
        "child.school": "keptForms.label.child.school",
        "howItArose": "keptForms.label.howItArose",
        "site": "keptForms.label.site",
        "occurredAt": "keptForms.label.occurredAt",
        "location": "keptForms.label.location",
        "whoWasPresent": "keptForms.label.whoWasPresent",
        "account": "keptForms.label.account",
        "accountProvenance": "keptForms.label.accountProvenance",
        "reportedFacts[]": "keptForms.label.reportedFacts",
        "injury": "keptForms.label.injury",
        "actionTaken": "keptForms.label.actionTaken",
        "childLocationNow": "keptForms.label.childLocationNow",
        "alreadyTold": "keptForms.label.alreadyTold",
        "categories[]": "keptForms.label.categories",
        "linkedChildren": "keptForms.label.linkedChildren",
        "allegedPerpetrator.name": "keptForms.label.allegedPerpetrator.name",
        "allegedPerpetrator.relationship": "keptForms.label.allegedPerpetrator.relationship",
        "allegedPerpetrator.worksWithChildren": "keptForms.label.allegedPerpetrator.worksWithChildren",
        "immediateDanger": "keptForms.label.immediateDanger",
        "medicalAttention": "keptForms.label.medicalAttention",
        "reason": "keptForms.label.reason",
        "restricted": "keptForms.label.restricted",
        "text": "keptForms.label.text",
        "rationale": "keptForms.label.rationale",
        "outcome": "keptForms.label.outcome",
        "description": "keptForms.label.description",
        "dueOn": "keptForms.label.dueOn",
    ]

    /// R2.11: a row of the body map's list (`mark2.size`), as the form asks it, with its number.
    static func markLabel(_ name: String) -> Words? {
        guard name.hasPrefix("mark"), let dot = name.firstIndex(of: "."),
            case let digits = name[name.index(name.startIndex, offsetBy: 4)..<dot], let row = Int(digits),
            row > 0, String(row) == digits,
            ["place", "size", "colour", "explanation"].contains(String(name[name.index(after: dot)...]))
        else { return nil }
        return Words("keptForms.label.mark." + name[name.index(after: dot)...], ["n": .number(row)])
    }

    /// A value as a person chose it, not as the form sends it.
    static func shown(_ name: String, _ value: String) -> Words {
        switch name {
        case "howItArose": HowItArose(rawValue: value)?.title ?? .verbatim(value)
        case "accountProvenance": Provenance(rawValue: value)?.title ?? .verbatim(value)
        case "categories[]": ConcernCategory(rawValue: value)?.title ?? .verbatim(value)
        case "reportedFacts[]": ConcernFact(rawValue: value)?.title ?? .verbatim(value)
        case _ where name.hasPrefix("mark") && name.hasSuffix(".place"):
            value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init).twoParts
                .flatMap {
                    view, part in
                    BodyView(rawValue: view).flatMap { view in
                        BodyPart(rawValue: part).map { BodyMapPage.place(view, $0) }
                    }
                } ?? .verbatim(value)
        case "immediateDanger", "allegedPerpetrator.worksWithChildren":
            value == "on" ? Words("common.yes") : .verbatim(value)
        default: .verbatim(value)
        }
    }

    /// What a kept form was, in words, from where it was being sent.
    static func describe(_ path: String) -> Words {
        if path == "/concerns" { return Words("keptForms.what.concern") }
        if path.hasSuffix("/addenda") { return Words("keptForms.what.addendum") }
        if path.hasSuffix("/triage") { return Words("keptForms.what.decision") }
        if path.hasSuffix("/actions") { return Words("keptForms.what.action") }
        return Words("keptForms.what.form")
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let all = try await KeptForms(req.haven, sealer: req.application.formSealer).list(by: actor)
        // R1.6, R7.1: with a password alone, only a concern one was recording (recorded with a
        // password alone too); anything else (a decision, an addendum, what a child shared in
        // confidence) is case content that waits for the second factor.
        let forms = actor.secondFactorPassed ? all : all.filter { $0.path == "/concerns" }
        return try await req.page(
            "kept-forms",
            KeptPage(
                forms: forms.compactMap { form in
                    // Sent again only to one of Haven's own forms.
                    guard LocalPath(form.path, routes: req.application.routes, method: .POST) != nil else { return nil }
                    let child = form.fields.first { $0.name == "child.name" && !$0.value.isEmpty }?.value
                    return .init(
                        id: form.id.lowercasedString, action: form.path,
                        what: child.map { Words("keptForms.what.concernAbout", ["child": .text($0)]) }
                            ?? Self.describe(form.path),
                        keptAt: req.display(form.createdAt),
                        fields: form.fields.map {
                            .init(
                                name: $0.name, value: $0.value,
                                label: Self.labels[$0.name].map { Words($0) } ?? Self.markLabel($0.name)
                                    ?? .verbatim($0.name),
                                display: Self.shown($0.name, $0.value),
                                // Where a mark was tapped is sent again, not shown.
                                shown: !$0.value.isEmpty && !$0.name.hasSuffix(".x") && !$0.name.hasSuffix(".y"))
                        })
                }, needCode: all.count - forms.count))
    }

    @Sendable func discard(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("formID").flatMap(UUID.init(uuidString:)) else { throw AccessError.notFound }
        try await KeptForms(req.haven, sealer: req.application.formSealer).discard(id, by: try req.actor)
        return req.redirect(to: "/account/kept-forms")
    }
}

extension Array {
    /// The two elements of a list of two, or nil.
    fileprivate var twoParts: (Element, Element)? { count == 2 ? (self[0], self[1]) : nil }
}
