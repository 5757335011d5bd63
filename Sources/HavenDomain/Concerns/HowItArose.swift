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

/// R2.1: a fact in the account that the recorder may have been told by someone else rather
/// than seen or heard themselves. Each is first-hand unless marked as reported.
public enum ConcernFact: String, CaseIterable, Codable, Sendable, Comparable {
    case whenAndWhere = "when_and_where"
    case whoWasPresent = "who_was_present"
    case account
    case injury
    case childLocationNow = "child_location_now"

    public var title: Words {
        switch self {
        case .whenAndWhere: Words("concerns.fact.whenAndWhere")
        case .whoWasPresent: Words("concerns.fact.whoWasPresent")
        case .account: Words("concerns.fact.account")
        case .injury: Words("concerns.fact.injury")
        case .childLocationNow: Words("concerns.fact.childLocationNow")
        }
    }

    public static func < (lhs: ConcernFact, rhs: ConcernFact) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
