/// The access module's words: signing in, the second factor, people's own sign-in details.
public struct AccessVocabulary: Vocabulary {
    public init() {}
    public let module = "Access"  // words: not shown (a module name, for developers)
    public let subjectTypes: [AuditSubjectType] = [.person, .signIns, .keptForm]
    public let auditActions: [AuditAction] = [
        .signedIn, .signInFailed, .unknownSignInsCounted, .secondFactorPassed, .secondFactorFailed, .recoveryCodeUsed,
        .signedOut, .secondFactorEnrolled, .secondFactorRemoved, .emailChanged, .passwordSet, .passwordResetSent,
        .activationSent, .sessionsEnded, .keptFormDiscarded, .accessRefused, .refusalsPaused,
    ]
}
