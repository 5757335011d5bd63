/// R3.2: the chronology lines handling a concern brings.
extension ChronologyKind {
    public static let delegated = ChronologyKind("delegated", rank: 300)
    public static let triageDecision = ChronologyKind("triage_decision", rank: 400)
    public static let actionSet = ChronologyKind("action_set", rank: 500)
    public static let actionCompleted = ChronologyKind("action_completed", rank: 600)
}
