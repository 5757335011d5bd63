import Foundation

public enum SiteTag {}
public typealias SiteID = Identifier<SiteTag>

/// R1.1: a site or setting the organisation runs. In early years each setting needs its own
/// designated lead, who is first in the alert chain for concerns raised there (R1.3).
public struct Site: Equatable, Sendable, Codable {
    public let id: SiteID
    public var name: String
    public var designatedLead: PersonID?
    /// Issue 12.7: when the organisation stopped running it. A closed site is no longer offered
    /// when recording; concerns already raised there keep its name.
    public var closedAt: Date?

    public init(id: SiteID, name: String, designatedLead: PersonID?, closedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.designatedLead = designatedLead
        self.closedAt = closedAt
    }

    /// Whether the site was still run at `moment`.
    public func isOpen(at moment: Date) -> Bool { closedAt.map { moment < $0 } ?? true }

    /// N2: a site needs a name; its lead is optional.
    public static func validated(id: SiteID, name: String?, designatedLead: String?) throws -> Site {
        guard let name = cleaned(name) else { throw InvalidInput(field: "name", "organisation.name.enterTheSitesName") }
        if NameText.hasHiddenCharacters(name) {
            throw InvalidInput(field: "name", "organisation.name.aNameCantContainLine")
        }
        var lead: PersonID?
        if let text = cleaned(designatedLead) {
            guard let parsed = PersonID(string: text) else {
                throw InvalidInput(field: "designatedLead", "organisation.designatedLead.chooseAPerson")
            }
            lead = parsed
        }
        return Site(id: id, name: name, designatedLead: lead)
    }
}
