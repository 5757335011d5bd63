import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R1.1, R1.3, R1.4, R1.7: the organisation's single settings row and its contacts directory.
struct SQLKitOrganisationStore: OrganisationStore {
    let sql: any SQLDatabase
    let cache: ReferenceCache
    let cachedReads: ReferenceCache?

    struct Row: Decodable, Sendable {
        let profile: String?
        let settings: String?
        let routingChain: String?
        let sharedInbox: String?
    }

    /// A value read from the settings row; outside the writer, kept decoded in the cache.
    private func value<T: Sendable>(_ key: String, _ read: @escaping @Sendable (Row?) throws -> T) async throws -> T {
        let load: @Sendable () async throws -> T = { [sql] in
            try read(
                try await sql.select().column("*").from("organisation").where("id", .equal, SQLBind(1)).first(
                    decoding: Row.self, with: rowDecoder))
        }
        guard let cachedReads else { return try await load() }
        return try await cachedReads.value("organisation." + key, load: load)
    }

    private func set(_ column: String, _ value: String?) async throws {
        cache.written()
        try await sql.insert(into: "organisation").columns("id", column).values(SQLBind(1), SQLBind(value))
            .onConflict(with: ["id"]) { $0.set(excludedValueOf: column) }.run()
    }

    func profile() async throws -> OrganisationProfile? {
        try await value("profile") { try $0?.profile.map { try OrganisationProfileV1.decode($0) } }
    }

    func saveProfile(_ profile: OrganisationProfile) async throws {
        try await set("profile", try OrganisationProfileV1.encode(profile))
    }

    func settings() async throws -> SettingsProfile? {
        try await value("settings") { try $0?.settings.map { try SettingsProfileV1.decode($0) } }
    }

    func saveSettings(_ settings: SettingsProfile) async throws {
        try await set("settings", try SettingsProfileV1.encode(settings))
    }

    func routingChain() async throws -> [RoutingLink] {
        try await value("routingChain") {
            try $0?.routingChain.map { try JSONColumn.decode([RoutingLink].self, $0) } ?? RoutingLink.defaultChain
        }
    }

    func saveRoutingChain(_ chain: [RoutingLink]) async throws {
        try await set("routing_chain", try JSONColumn.encode(chain))
    }

    func sharedInbox() async throws -> String? { try await value("sharedInbox") { $0?.sharedInbox } }

    func saveSharedInbox(_ email: String?) async throws { try await set("shared_inbox", email) }

    func contacts() async throws -> [LocalContact] {
        struct ContactRow: Decodable {
            let area: String
            let kind: String
            let name: String
            let phone: String
            let email: String?
        }
        return try await sql.select().column("*").from("local_contacts").orderBy("area").orderBy("kind").all(
            decoding: ContactRow.self
        )
        .compactMap { row in
            LocalContactKind(rawValue: row.kind).map {
                LocalContact(area: row.area, kind: $0, name: row.name, phone: row.phone, email: row.email)
            }
        }
    }

    func saveContact(_ contact: LocalContact) async throws {
        try await sql.insert(into: "local_contacts").columns("area", "kind", "name", "phone", "email")
            .values(
                SQLBind(contact.area), SQLBind(contact.kind.rawValue), SQLBind(contact.name), SQLBind(contact.phone),
                SQLBind(contact.email)
            )
            .onConflict(with: ["area", "kind"]) {
                try $0.set(excludedValueOf: "name").set(excludedValueOf: "phone").set(excludedValueOf: "email")
            }
            .run()
    }

    func removeContact(area: String, kind: LocalContactKind) async throws {
        try await sql.delete(from: "local_contacts").where("area", .equal, SQLBind(area))
            .where("kind", .equal, SQLBind(kind.rawValue)).run()
    }

    func sites() async throws -> [Site] {
        struct SiteRow: Decodable, Sendable {
            let id: String
            let name: String
            let designatedLead: String?
            let closedAt: Int64?
        }
        let load: @Sendable () async throws -> [SiteRow] = { [sql] in
            try await sql.select().columns("id", "name", "designated_lead", "closed_at").from("sites").orderBy("name")
                .all(decoding: SiteRow.self, with: rowDecoder)
        }
        let rows: [SiteRow]
        if let cachedReads {
            rows = try await cachedReads.value("sites") { try await load() }
        } else {
            rows = try await load()
        }
        return rows.compactMap { row in
            SiteID(string: row.id).map {
                Site(
                    id: $0, name: row.name, designatedLead: row.designatedLead.flatMap(PersonID.init(string:)),
                    closedAt: row.closedAt.map(Date.init(millis:)))
            }
        }
    }

    func saveSite(_ site: Site) async throws {
        cache.written()
        try await sql.insert(into: "sites").columns("id", "name", "designated_lead", "closed_at")
            .values(
                SQLBind(site.id.description), SQLBind(site.name), SQLBind(site.designatedLead?.description),
                SQLBind(site.closedAt?.millis)
            )
            .onConflict(with: ["id"]) {
                try $0.set(excludedValueOf: "name").set(excludedValueOf: "designated_lead")
                    .set(excludedValueOf: "closed_at")
            }
            .run()
    }
}
