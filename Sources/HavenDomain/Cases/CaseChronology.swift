/// R3.2: the chronology lines handling a concern brings.
extension ChronologyKind {
    public static let delegated = ChronologyKind("delegated", title: "Handling delegated", rank: 300)
    public static let triageDecision = ChronologyKind("triage_decision", title: "Decision", rank: 400)
    public static let actionSet = ChronologyKind("action_set", title: "Action set", rank: 500)
    public static let actionCompleted = ChronologyKind("action_completed", title: "Action completed", rank: 600)
}
