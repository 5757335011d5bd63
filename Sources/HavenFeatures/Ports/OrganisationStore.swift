import Foundation
import HavenDomain

/// R1.1, R1.3, R1.4, R1.7: the organisation's profile, settings, routing chain and contacts.
public protocol OrganisationStore: Sendable {
    func profile() async throws -> OrganisationProfile?
    func saveProfile(_ profile: OrganisationProfile) async throws
    func settings() async throws -> SettingsProfile?
    func saveSettings(_ settings: SettingsProfile) async throws
    func routingChain() async throws -> [RoutingLink]
    func saveRoutingChain(_ chain: [RoutingLink]) async throws
    /// R1.3: an optional shared safeguarding team inbox that is copied on every alert.
    func sharedInbox() async throws -> String?
    func saveSharedInbox(_ email: String?) async throws
    func contacts() async throws -> [LocalContact]
    func saveContact(_ contact: LocalContact) async throws
    /// R1.1: sites and their designated leads.
    func sites() async throws -> [Site]
    func saveSite(_ site: Site) async throws
}
