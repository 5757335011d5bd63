/// R2.2: the kinds of harm a concern can be about. More than one may apply to a concern.
public enum ConcernCategory: String, CaseIterable, Codable, Sendable {
    case physicalAbuse = "physical_abuse"
    case emotionalAbuse = "emotional_abuse"
    case sexualAbuse = "sexual_abuse"
    case neglect
    case childSexualExploitation = "child_sexual_exploitation"
    case childCriminalExploitation = "child_criminal_exploitation"
    case radicalisation
    case fgm
    case forcedMarriage = "forced_marriage"
    case domesticAbuse = "domestic_abuse"
    case missingFromHome = "missing_from_home"
    case childrenMissingEducation = "children_missing_education"
    case modernSlavery = "modern_slavery"
    case gangs
    case onlineAbuse = "online_abuse"
    case peerOnPeerAbuse = "peer_on_peer_abuse"
    case selfHarm = "self_harm"
    case substanceMisuse = "substance_misuse"
    case privateFostering = "private_fostering"
    case unbornChild = "unborn_child"
    case nonRecentAbuse = "non_recent_abuse"
    case other

    public var title: Words {
        switch self {
        case .physicalAbuse: Words("concerns.concernCategory.physicalAbuse")
        case .emotionalAbuse: Words("concerns.concernCategory.emotionalAbuse")
        case .sexualAbuse: Words("concerns.concernCategory.sexualAbuse")
        case .neglect: Words("concerns.concernCategory.neglect")
        case .childSexualExploitation: Words("concerns.concernCategory.childSexualExploitation")
        case .childCriminalExploitation: Words("concerns.concernCategory.childCriminalExploitation")
        case .radicalisation: Words("concerns.concernCategory.radicalisation")
        case .fgm: Words("concerns.concernCategory.fgm")
        case .forcedMarriage: Words("concerns.concernCategory.forcedMarriage")
        case .domesticAbuse: Words("concerns.concernCategory.domesticAbuse")
        case .missingFromHome: Words("concerns.concernCategory.missingFromHome")
        case .childrenMissingEducation: Words("concerns.concernCategory.childrenMissingEducation")
        case .modernSlavery: Words("concerns.concernCategory.modernSlavery")
        case .gangs: Words("concerns.concernCategory.gangs")
        case .onlineAbuse: Words("concerns.concernCategory.onlineAbuse")
        case .peerOnPeerAbuse: Words("concerns.concernCategory.peerOnPeerAbuse")
        case .selfHarm: Words("concerns.concernCategory.selfHarm")
        case .substanceMisuse: Words("concerns.concernCategory.substanceMisuse")
        case .privateFostering: Words("concerns.concernCategory.privateFostering")
        case .unbornChild: Words("concerns.concernCategory.unbornChild")
        case .nonRecentAbuse: Words("concerns.concernCategory.nonRecentAbuse")
        case .other: Words("concerns.concernCategory.other")
        }
    }

    /// A short, plain-English definition written for Haven, shown beside the choice.
    public var definition: Words {
        switch self {
        case .physicalAbuse: Words("concerns.concernCategory.physicalAbuse.definition")
        case .emotionalAbuse: Words("concerns.concernCategory.emotionalAbuse.definition")
        case .sexualAbuse: Words("concerns.concernCategory.sexualAbuse.definition")
        case .neglect: Words("concerns.concernCategory.neglect.definition")
        case .childSexualExploitation: Words("concerns.concernCategory.childSexualExploitation.definition")
        case .childCriminalExploitation: Words("concerns.concernCategory.childCriminalExploitation.definition")
        case .radicalisation: Words("concerns.concernCategory.radicalisation.definition")
        case .fgm: Words("concerns.concernCategory.fgm.definition")
        case .forcedMarriage: Words("concerns.concernCategory.forcedMarriage.definition")
        case .domesticAbuse: Words("concerns.concernCategory.domesticAbuse.definition")
        case .missingFromHome: Words("concerns.concernCategory.missingFromHome.definition")
        case .childrenMissingEducation: Words("concerns.concernCategory.childrenMissingEducation.definition")
        case .modernSlavery: Words("concerns.concernCategory.modernSlavery.definition")
        case .gangs: Words("concerns.concernCategory.gangs.definition")
        case .onlineAbuse: Words("concerns.concernCategory.onlineAbuse.definition")
        case .peerOnPeerAbuse: Words("concerns.concernCategory.peerOnPeerAbuse.definition")
        case .selfHarm: Words("concerns.concernCategory.selfHarm.definition")
        case .substanceMisuse: Words("concerns.concernCategory.substanceMisuse.definition")
        case .privateFostering: Words("concerns.concernCategory.privateFostering.definition")
        case .unbornChild: Words("concerns.concernCategory.unbornChild.definition")
        case .nonRecentAbuse: Words("concerns.concernCategory.nonRecentAbuse.definition")
        case .other: Words("concerns.concernCategory.other.definition")
        }
    }
}
