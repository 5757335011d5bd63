import Vapor

/// R2.6: an addendum as sent, from the concern's page or the API by the same names.
struct AddendumInput: Content {
    let reason: String?
    let text: String?
}
