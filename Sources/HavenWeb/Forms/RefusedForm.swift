import HavenDomain
import Vapor

/// N2, WCAG 2.2 SC 3.3.7: a form Haven refused, as the person sent it, with what was wrong. The
/// page holding the form is shown again with every answer filled in, each problem beside its
/// field and all of them in a summary at the top: nothing typed is lost to a mistake.
///
/// A page can hold several forms. Each form's fields are found by their element ids: a field's
/// name, or `scope-name` in a form that sends a `_form` scope (the form for one site, or for one
/// person among many), so that only the form that was sent is filled in again.
struct RefusedForm: Sendable {
    static let scopeField = "_form"

    let scope: String
    /// Each answer by its field's name (a list's `categories[]` as `categories`).
    let values: [String: [String]]
    let errors: [FieldError]

    init(body: String?, errors: [FieldError]) {
        self.init(fields: FormFields.parse(body ?? ""), errors: errors)
    }

    /// The words of a form with a file (R3.1), as its handler read them, to show again if it is
    /// refused: the body, megabytes of file, is never parsed again for them.
    struct DocumentFormWords: StorageKey {
        typealias Value = [(name: String, value: String)]
    }

    init(fields: [(name: String, value: String)], errors: [FieldError]) {
        var values: [String: [String]] = [:]
        var scope = ""
        for (name, value) in fields {
            switch name {
            case Self.scopeField: scope = value
            case CSRFMiddleware.field, KeepEndedForms.keptField: continue
            default: values[Self.fieldName(name), default: []].append(value)
            }
        }
        self.scope = scope
        self.values = values
        self.errors = errors
    }

    /// The field an error or a form name refers to, without list brackets:
    /// `categories[]` and `categories[1]` are `categories`; `linkedChildren[0].name` is
    /// `linkedChildren`.
    static func fieldName(_ name: String) -> String {
        guard let bracket = name.firstIndex(of: "[") else { return name }
        return String(name[..<bracket])
    }

    /// The element id of a field of this form.
    func elementID(_ field: String) -> String {
        let name = Self.fieldName(field)
        return scope.isEmpty ? name : "\(scope)-\(name)"
    }

    /// The field an element id names, when the element belongs to this form. Without a scope, a
    /// field belongs to it when it was sent or has a problem (a box left unticked is not sent:
    /// a form with boxes ticked by default needs a scope).
    func field(ofElement id: String) -> String? {
        if scope.isEmpty {
            return values[id] != nil || errors.contains { Self.fieldName($0.field) == id } ? id : nil
        }
        let prefix = "\(scope)-"
        return id.hasPrefix(prefix) ? String(id.dropFirst(prefix.count)) : nil
    }

    /// Whether the element belongs to the form that was sent.
    func holds(_ id: String) -> Bool { field(ofElement: id) != nil }

    /// What was typed in the element's field ("" when nothing was), or nil for another form's.
    func value(_ id: String) -> String? {
        guard let field = field(ofElement: id) else { return nil }
        return values[field]?.first ?? ""
    }

    /// Whether the element's field was sent with this value (a ticked box, a chosen option).
    func picked(_ id: String, _ value: String) -> Bool? {
        guard let field = field(ofElement: id) else { return nil }
        return values[field]?.contains(value) ?? false
    }

    /// The problems with the element's field.
    func problems(_ id: String) -> [FieldError] {
        guard let field = field(ofElement: id) else { return [] }
        return errors.filter { Self.fieldName($0.field) == field }
    }
}

struct RefusedFormKey: StorageKey { typealias Value = RefusedForm }

extension Request {
    /// The form this request sent and Haven refused, while its page is shown again.
    var refusedForm: RefusedForm? {
        get { storage[RefusedFormKey.self] }
        set { storage[RefusedFormKey.self] = newValue }
    }
}

/// The page that shows a form again when what was sent is refused: registered with the form's
/// route, used by `ErrorResponder`.
struct FormPage: Sendable {
    let show: @Sendable (Request) async throws -> Response
}
