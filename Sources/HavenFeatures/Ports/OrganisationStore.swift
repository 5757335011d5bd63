import Foundation
import HavenDomain

/// What may be read of the organisation's settings: the only part a read unit is given.
public protocol OrganisationReads: Sendable {
    func profile() async throws -> OrganisationProfile?
    func settings() async throws -> SettingsProfile?
    func routingChain() async throws -> [RoutingLink]
    /// R1.3: an optional shared safeguarding team inbox that is copied on every alert.
    func sharedInbox() async throws -> String?
    func contacts() async throws -> [LocalContact]
    /// R1.1: sites and their designated leads.
    func sites() async throws -> [Site]
}

/// R1.1, R1.3, R1.4, R1.7: the organisation's profile, settings, routing chain and contacts.
public protocol OrganisationStore: OrganisationReads {
    func saveProfile(_ profile: OrganisationProfile) async throws
    func saveSettings(_ settings: SettingsProfile) async throws
    func saveRoutingChain(_ chain: [RoutingLink]) async throws
    func saveSharedInbox(_ email: String?) async throws
    func saveContact(_ contact: LocalContact) async throws
    /// Issue 12.7: takes the area's contact of this kind off the directory.
    func removeContact(area: String, kind: LocalContactKind) async throws
    func saveSite(_ site: Site) async throws
}

/// The organisation store, as read, append and write units each see it.
public enum OrganisationStoreKey: StoreKey {
    public typealias Reads = any OrganisationReads
    public typealias Store = any OrganisationStore
}

extension Reading {
    public var organisation: any OrganisationReads { self[OrganisationStoreKey.self] }
}

extension Transaction {
    public var organisation: any OrganisationStore { self[OrganisationStoreKey.self] }
}
