import Crypto
import Foundation

/// R7.1, R7.7: what an audit event records. Only ids and reasons: never case content. Each
/// module declares its own actions (`ConcernAuditActions.swift`, …) and lists them in its
/// vocabulary, so Haven can name every action it reads back from the log.
public struct AuditAction: Hashable, Sendable, CustomStringConvertible {
    /// The name stored in the audit log ("concern.read"). It never changes once used.
    public let rawValue: String
    /// Whether the child's access log shows it (actions about a child's records).
    public let isLogged: Bool

    public init(_ rawValue: String, logged: Bool = false) {
        self.rawValue = rawValue
        self.isLogged = logged
    }

    /// R7.7: what the child's access log says the person did ("opened the concern"), from the
    /// catalogue entry `auditAction.<name>`; nil for actions not about a child's records.
    public var logged: Words? { isLogged ? Words("auditAction." + rawValue) : nil }

    /// An action read back from the audit log, if a registered module declares it.
    public init?(rawValue: String) {
        guard let known = DomainModules.auditActions[rawValue] else { return nil }
        self = known
    }

    public static func == (a: AuditAction, b: AuditAction) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public var description: String { rawValue }
}

/// R7.1: what kind of record an audit event is about ("concern", "person"). Each module
/// declares its own beside its actions and lists them in its vocabulary.
public struct AuditSubjectType: Hashable, Sendable, CustomStringConvertible {
    /// The name stored in the audit log. It never changes once used.
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

/// R7.1: one link of the audit chain.
public struct AuditEvent: Equatable, Sendable, Codable {
    public let sequence: Int64
    /// Milliseconds since 1970, so the canonical form is exact on every database.
    public let atMillis: Int64
    public let actor: String?
    public let action: String
    public let subjectType: String?
    public let subjectID: String?
    /// R7.7: why the file was opened, where a reason was given.
    public let reason: String?
    public let previousMAC: String
    public let mac: String

    public init(
        sequence: Int64, atMillis: Int64, actor: String?, action: String, subjectType: String?, subjectID: String?,
        reason: String?, previousMAC: String, mac: String
    ) {
        self.sequence = sequence
        self.atMillis = atMillis
        self.actor = actor
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.reason = reason
        self.previousMAC = previousMAC
        self.mac = mac
    }

    public var at: Date { Date(timeIntervalSince1970: Double(atMillis) / 1000) }
}

/// An event about to be appended: what happened, by whom, to what.
public struct AuditEntry: Equatable, Sendable {
    public let actor: PersonID?
    public let action: AuditAction
    public let subjectType: AuditSubjectType?
    public let subjectID: String?
    public let reason: String?
    /// Issue 12.8: more records the event is about (the children a page listed), found by their
    /// own subject as the event's subject is. Their list is in the chain as `reason`'s digest.
    public let alsoAbout: [(type: AuditSubjectType, id: String)]

    public init(
        actor: PersonID?, action: AuditAction, subjectType: AuditSubjectType? = nil, subjectID: String? = nil,
        reason: String? = nil, alsoAbout: [(type: AuditSubjectType, id: String)] = []
    ) {
        self.actor = actor
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.reason = reason
        self.alsoAbout = alsoAbout
    }

    public static func == (a: AuditEntry, b: AuditEntry) -> Bool {
        a.actor == b.actor && a.action == b.action && a.subjectType == b.subjectType && a.subjectID == b.subjectID
            && a.reason == b.reason && a.alsoAbout.map(\.type) == b.alsoAbout.map(\.type)
            && a.alsoAbout.map(\.id) == b.alsoAbout.map(\.id)
    }

    /// Issue 12.8: a page that listed children by name (the inbox, the children list): one event
    /// per page, about each child shown, so each child's access log says who saw their name. The
    /// reason holds how many, and a digest of their ids in order, so the list is in the chain.
    public static func listing(
        _ action: AuditAction, of list: AuditSubjectType, _ listID: String, children: [ChildID], by actor: PersonID
    ) -> AuditEntry {
        // Each child once, in the order first shown (two actions about one child name them once).
        var seen = Set<String>()
        let ids = children.map(\.description).filter { seen.insert($0).inserted }
        let digest = Hex.encode(SHA256.hash(data: Data(ids.joined(separator: "\n").utf8)))
        return AuditEntry(
            actor: actor, action: action, subjectType: list, subjectID: listID,
            reason: children.isEmpty ? nil : "\(ids.count) \(digest)", alsoAbout: ids.map { (.child, $0) })
    }

    public static func concern(_ id: ConcernID, _ action: AuditAction, by actor: PersonID?, reason: String? = nil)
        -> AuditEntry
    {
        AuditEntry(actor: actor, action: action, subjectType: .concern, subjectID: id.description, reason: reason)
    }

    public static func child(_ id: ChildID, _ action: AuditAction, by actor: PersonID?, reason: String? = nil)
        -> AuditEntry
    {
        AuditEntry(actor: actor, action: action, subjectType: .child, subjectID: id.description, reason: reason)
    }
}
