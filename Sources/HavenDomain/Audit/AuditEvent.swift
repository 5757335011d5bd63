import Foundation

/// R7.1, R7.7: what an audit event records. Only ids and reasons: never case content.
public enum AuditAction: String, Codable, Sendable, CaseIterable {
    case concernRecorded = "concern.recorded"
    case concernRead = "concern.read"
    case receiptRead = "receipt.read"
    case addendumAdded = "addendum.added"
    case triageDecided = "triage.decided"
    case actionSet = "action.set"
    case actionCompleted = "action.completed"
    case caseDelegated = "concern.delegated"
    case childFileOpened = "child.file_opened"
    case childAccessLogRead = "child.access_log_read"
    case householdLinked = "child.household_linked"
    case inboxRead = "inbox.read"
    case alertsRead = "alerts.read"
    case signedIn = "session.signed_in"
    case signInFailed = "session.sign_in_failed"
    case secondFactorPassed = "session.second_factor_passed"
    case secondFactorFailed = "session.second_factor_failed"
    case recoveryCodeUsed = "session.recovery_code_used"
    case secondFactorEnrolled = "person.second_factor_enrolled"
    case signedOut = "session.signed_out"
    case availabilityChanged = "person.availability_changed"
    case personCreated = "person.created"
    case rolesChanged = "person.roles_changed"
    case organisationUpdated = "organisation.updated"
    case contactSaved = "contact.saved"
    case demoCreated = "demo.created"
    case approvalRequested = "approval.requested"
    case approvalGranted = "approval.granted"
    case approvalRefused = "approval.refused"
    case emailChanged = "person.email_changed"
    case passwordSet = "person.password_set"
    case passwordResetSent = "person.password_reset_sent"
    case activationSent = "person.activation_sent"
    case secondFactorRemoved = "person.second_factor_removed"
    case personDeactivated = "person.deactivated"
    case sessionsEnded = "person.sessions_ended"
    case handoverRead = "handover.read"
    case actionReassigned = "action.reassigned"
    case auditVerified = "audit.verified"
    case auditCheckpointSigned = "audit.checkpoint_signed"
    /// Someone tried to open case content that is not theirs to see (or is not there).
    case accessRefused = "access.refused"
    /// Failed sign-ins for emails that have no account, counted together over a minute.
    case unknownSignInsCounted = "session.unknown_sign_ins_counted"
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

    public init(sequence: Int64, atMillis: Int64, actor: String?, action: String, subjectType: String?, subjectID: String?,
                reason: String?, previousMAC: String, mac: String) {
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
    public let subjectType: String?
    public let subjectID: String?
    public let reason: String?

    public init(actor: PersonID?, action: AuditAction, subjectType: String? = nil, subjectID: String? = nil, reason: String? = nil) {
        self.actor = actor
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.reason = reason
    }

    public static func concern(_ id: ConcernID, _ action: AuditAction, by actor: PersonID?, reason: String? = nil) -> AuditEntry {
        AuditEntry(actor: actor, action: action, subjectType: "concern", subjectID: id.description, reason: reason)
    }

    public static func child(_ id: ChildID, _ action: AuditAction, by actor: PersonID?, reason: String? = nil) -> AuditEntry {
        AuditEntry(actor: actor, action: action, subjectType: "child", subjectID: id.description, reason: reason)
    }
}
