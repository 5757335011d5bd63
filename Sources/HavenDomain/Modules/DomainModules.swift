/// Every module's vocabulary, one line each. A new module adds its line here.
public enum DomainModules {
    public static let all: [any Vocabulary] = [
        AccessVocabulary(),
        OrganisationVocabulary(),
        ConcernsVocabulary(),
        CasesVocabulary(),
        AuditTrailVocabulary(),
    ]

    /// Every action any module declares, by the name the log stores (the first module wins a
    /// clash; `VocabularyTests` fails on one).
    static let auditActions: [String: AuditAction] = Dictionary(
        all.flatMap(\.auditActions).map { ($0.rawValue, $0) }, uniquingKeysWith: { first, _ in first })

    /// Every chronology kind, by its stored name.
    static let chronologyKinds: [String: ChronologyKind] = Dictionary(
        all.flatMap(\.chronologyKinds).map { ($0.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
}
