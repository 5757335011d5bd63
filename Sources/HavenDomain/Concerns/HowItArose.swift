/// R2.1: how the recorder came to know about the concern.
public enum HowItArose: String, CaseIterable, Codable, Sendable {
    case observed
    case disclosedByChild = "disclosed_by_child"
    case toldByAdult = "told_by_adult"
    case anonymous

    public var title: String {
        switch self {
        case .observed: "I saw or heard it myself"
        case .disclosedByChild: "The child told me"
        case .toldByAdult: "Another adult or member of the public told me"
        case .anonymous: "An anonymous report"
        }
    }
}

/// R2.1: whether a fact was witnessed by the recorder or passed on by someone else.
public enum Provenance: String, CaseIterable, Codable, Sendable {
    case firstHand = "first_hand"
    case reported

    public var title: String {
        switch self {
        case .firstHand: "First-hand"
        case .reported: "Reported by someone else"
        }
    }
}
