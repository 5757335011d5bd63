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

    public var title: String {
        switch self {
        case .physicalAbuse: "Physical abuse"
        case .emotionalAbuse: "Emotional abuse"
        case .sexualAbuse: "Sexual abuse"
        case .neglect: "Neglect"
        case .childSexualExploitation: "Child sexual exploitation"
        case .childCriminalExploitation: "Criminal exploitation / county lines"
        case .radicalisation: "Radicalisation or extremism"
        case .fgm: "Female genital mutilation (FGM)"
        case .forcedMarriage: "Forced marriage"
        case .domesticAbuse: "Domestic abuse"
        case .missingFromHome: "Missing from home or care"
        case .childrenMissingEducation: "Missing education"
        case .modernSlavery: "Modern slavery or trafficking"
        case .gangs: "Gangs"
        case .onlineAbuse: "Online abuse / e-safety"
        case .peerOnPeerAbuse: "Abuse by another child"
        case .selfHarm: "Self-harm"
        case .substanceMisuse: "Drugs or alcohol"
        case .privateFostering: "Private fostering"
        case .unbornChild: "Unborn baby (pre-birth)"
        case .nonRecentAbuse: "Abuse in the past (non-recent)"
        case .other: "Something else"
        }
    }

    /// A short, plain-English definition written for Haven, shown beside the choice.
    public var definition: String {
        switch self {
        case .physicalAbuse:
            "Someone hurting a child's body on purpose: hitting, shaking, burning, biting, or making them ill."
        case .emotionalAbuse:
            "Treating a child in a way that makes them feel worthless, frightened or unloved, again and again."
        case .sexualAbuse:
            "Involving a child in sexual activity of any kind, in person or online, whether or not they seem to agree."
        case .neglect:
            "A child's basic needs (food, warmth, safety, health care, supervision) not being met, over time."
        case .childSexualExploitation:
            "A child being given something (gifts, attention, drugs, money) in exchange for sexual activity."
        case .childCriminalExploitation:
            "A child being groomed or pressured into crime, such as carrying drugs or money between areas."
        case .radicalisation:
            "A child being drawn into extremist views that could lead them to support or commit violence."
        case .fgm:
            "Cutting or injuring a girl's genitals for non-medical reasons. It is a crime; a known case goes to the police."
        case .forcedMarriage:
            "A child being made to marry, or made to agree to a marriage, without free and full consent."
        case .domesticAbuse:
            "Violence, threats or control between adults at home that the child sees, hears or lives with."
        case .missingFromHome: "A child who has run away or gone missing from home or from care, even for a short time."
        case .childrenMissingEducation:
            "A school-age child who is not on a school roll or not attending, with no good explanation."
        case .modernSlavery:
            "A child being moved, held or used for someone else's gain: work, crime, sex or benefit fraud."
        case .gangs: "A child at risk from or involved with a group that uses violence, intimidation or crime."
        case .onlineAbuse:
            "Harm that happens through phones, games or the internet: grooming, bullying, sharing images."
        case .peerOnPeerAbuse: "A child being harmed by another child: both children need safeguarding."
        case .selfHarm: "A child hurting themselves on purpose, or talking about wanting to."
        case .substanceMisuse:
            "A child using drugs or alcohol in a way that puts them at risk, or being harmed by an adult's use."
        case .privateFostering:
            "A child under 16 (18 if disabled) living for 28 days or more with someone who is not a close relative."
        case .unbornChild: "Worries about the safety of a baby who is not yet born, raised as early as possible."
        case .nonRecentAbuse:
            "Abuse that happened in the past, including an adult telling you about their own childhood."
        case .other: "Anything else that worries you about a child's safety. Describe it in the account."
        }
    }
}
