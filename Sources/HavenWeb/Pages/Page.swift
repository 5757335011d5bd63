import HavenDomain
import HavenFeatures
import Vapor

/// What every page knows about who is looking at it.
struct Chrome: Encodable {
    let signedIn: Bool
    let name: String?
    let csrf: String
    let isLead: Bool
    let canSetAvailability: Bool
    /// The main navigation: each module's links that this person's roles allow.
    let navigation: [NavigationLink]
    let secondFactorPassed: Bool
    let organisation: String
    let demo: Bool
    /// N6: the language the page's words are in (its `lang`).
    let language: String
    /// N2: what was wrong with a refused form, each linking to its field, for the summary at the
    /// top of the page that shows the form again.
    let problems: [ProblemLink]
}

/// One problem in a refused form's summary: the message and the field it links to.
struct ProblemLink: Encodable {
    let target: String
    let message: Words
}

/// A page's typed context: the chrome plus the page's own data.
struct Page<Body: Encodable>: Encodable {
    let chrome: Chrome
    let page: Body
}

extension Request {
    var chrome: Chrome {
        let signedIn = self.signedIn
        let actor = signedIn?.actor
        return Chrome(
            signedIn: signedIn != nil, name: signedIn?.person.name, csrf: signedIn?.session.csrfToken ?? "",
            isLead: actor?.isSafeguardingLead ?? false,
            canSetAvailability: actor.map { AccessPolicy.decide(.setOwnAvailability, for: $0) == .allowed } ?? false,
            navigation: Navigation.links(for: actor, self),
            secondFactorPassed: actor?.secondFactorPassed ?? false,
            organisation: application.webSettings.organisationName,
            demo: application.webSettings.isDemo, language: words.language,
            problems: refusedForm.map { form in
                form.errors.map { ProblemLink(target: form.elementID($0.field), message: $0.message) }
            } ?? [])
    }

    /// Renders a Leaf page with its typed context.
    func page<Body: Encodable>(_ template: String, _ body: Body, status: HTTPStatus = .ok) async throws -> Response {
        let response = try await view.render(template, Page(chrome: chrome, page: body)).encodeResponse(for: self)
        response.status = status
        return response
    }

    /// The organisation's time zone (remembered for the request with the reader's words).
    var timeZone: TimeZone { readerWords.timeZone }

    /// A moment as pages show it, in the reader's language and the organisation's time zone.
    func display(_ date: Date) -> String { words.moment(date, timeZone: timeZone) }
}

/// R1.4, R1.5: a contact line shown where someone has to act.
struct ContactLine: Encodable {
    let area: String
    /// The kind's code, for the administrator's change and remove.
    let kind: String
    let service: String
    let email: String
    /// Issue 12.7: the administrator's page with this contact in its form.
    let changeLink: String
    let name: String
    let phone: String

    init(_ contact: LocalContact, _ req: Request) {
        area = contact.area
        kind = contact.kind.rawValue
        email = contact.email ?? ""
        let area = contact.area.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        changeLink = "/admin/contacts?area=\(area)&kind=\(kind)#change"
        service = req.text(contact.kind.title)
        name = contact.name
        phone = contact.phone
    }
}

/// R1.5: the emergency guidance on every page where a concern is raised: 999 first, then the
/// out-of-hours and front-door numbers for the organisation's areas.
struct EmergencyGuidance: Encodable {
    let contacts: [ContactLine]

    static func load(_ request: Request) async throws -> EmergencyGuidance {
        let contacts = try await LocalContacts(request.haven).list()
        return EmergencyGuidance(
            contacts: contacts.filter { [.outOfHours, .frontDoor, .policeChildAbuse].contains($0.kind) }.map {
                ContactLine($0, request)
            })
    }
}

/// An option in a select or checkbox list.
struct Choice: Encodable {
    let value: String
    let title: String
    let hint: String?
    let selected: Bool

    init(value: String, title: String, hint: String? = nil, selected: Bool = false) {
        self.value = value
        self.title = title
        self.hint = hint
        self.selected = selected
    }
}
