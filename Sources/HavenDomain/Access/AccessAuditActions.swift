/// R1.6, R7.1: what the audit log records about signing in and people's own sign-in details.
extension AuditAction {
    public static let signedIn = AuditAction("session.signed_in")
    public static let signInFailed = AuditAction("session.sign_in_failed")
    /// Failed sign-ins for emails that have no account, counted together over a minute.
    public static let unknownSignInsCounted = AuditAction("session.unknown_sign_ins_counted")
    public static let secondFactorPassed = AuditAction("session.second_factor_passed")
    public static let secondFactorFailed = AuditAction("session.second_factor_failed")
    public static let recoveryCodeUsed = AuditAction("session.recovery_code_used")
    public static let signedOut = AuditAction("session.signed_out")
    public static let secondFactorEnrolled = AuditAction("person.second_factor_enrolled")
    public static let secondFactorRemoved = AuditAction("person.second_factor_removed")
    public static let emailChanged = AuditAction("person.email_changed")
    public static let passwordSet = AuditAction("person.password_set")
    public static let passwordResetSent = AuditAction("person.password_reset_sent")
    public static let activationSent = AuditAction("person.activation_sent")
    public static let sessionsEnded = AuditAction("person.sessions_ended")
    /// Someone discarded a form kept for them when their session ended.
    public static let keptFormDiscarded = AuditAction("kept_form.discarded")
    /// Someone tried to open case content that is not theirs to see (or is not there).
    public static let accessRefused = AuditAction("access.refused", logged: true)
    /// Someone was refused so often that Haven paused their reading and writing of case records.
    public static let refusalsPaused = AuditAction("access.refusals_paused")
}

/// R7.1: the records the audit log names about sign-in.
extension AuditSubjectType {
    public static let person = AuditSubjectType("person")
    /// Failed sign-ins for unknown emails, counted together.
    public static let signIns = AuditSubjectType("sign_ins")
    /// A form kept for its author when their session ended.
    public static let keptForm = AuditSubjectType("kept_form")
}
