/// R2.1: how the recorder came to know about the concern.
public enum HowItArose: String, CaseIterable, Codable, Sendable {
    case observed
    case disclosedByChild = "disclosed_by_child"
    case toldByAdult = "told_by_adult"
    case anonymous

    public var title: Words {
        switch self {
        case .observed: Words("concerns.howItArose.observed")
        case .disclosedByChild: Words("concerns.howItArose.disclosedByChild")
        case .toldByAdult: Words("concerns.howItArose.toldByAdult")
        case .anonymous: Words("concerns.howItArose.anonymous")
        }
    }
}

/// R2.1: whether a fact was witnessed by the recorder or passed on by someone else.
public enum Provenance: String, CaseIterable, Codable, Sendable {
    case firstHand = "first_hand"
    case reported

    public var title: Words {
        switch self {
        case .firstHand: Words("concerns.provenance.firstHand")
        case .reported: Words("concerns.provenance.reported")
        }
    }
}
