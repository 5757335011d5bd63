import Foundation

/// R2.6: another child named in the concern (a sibling, someone in the household, or the other
/// child in abuse between children). Each is a subject of the concern in their own right.
public struct LinkedChild: Equatable, Sendable, Codable {
    public var name: String
    public var relationship: String?

    public init(name: String, relationship: String?) {
        self.name = name
        self.relationship = cleaned(relationship)
    }
}

/// R2.6: the person alleged to have caused the harm, adult or child.
public struct AllegedPerpetrator: Equatable, Sendable, Codable {
    public var name: String?
    public var relationship: String?
    public var worksWithChildren: Bool
    /// Issue 12.3: the person, when they are one of Haven's people (chosen, not only typed).
    public var person: PersonID?

    public init(name: String?, relationship: String?, worksWithChildren: Bool, person: PersonID? = nil) {
        self.name = cleaned(name)
        self.relationship = cleaned(relationship)
        self.worksWithChildren = worksWithChildren
        self.person = person
    }

    /// Issue 12.3: who among Haven's people this may be: the person chosen, and anyone the name
    /// typed names, folded as names are for finding: their whole name in it ("Mr DANA whitlock"),
    /// or how a child would say it: a title or initial with their surname ("Mrs Whitlock",
    /// "D. Whitlock") or a title with their first name ("Miss Dana"). A namesake is left out
    /// too. A typed name naming more than two people names nobody (it could otherwise keep a
    /// concern from everyone who could act on it).
    public func accused(among people: [(id: PersonID, name: String)]) -> Set<PersonID> {
        let chosen = Set(person.map { [$0] } ?? [])
        guard let name else { return chosen }
        let typed = NameKey.words(name)
        guard !typed.isEmpty else { return chosen }
        let named = people.filter { Self.names(typed, $0.name) }.map(\.id)
        return named.count > Self.mostNamedByTyping ? chosen : chosen.union(named)
    }

    /// The most people a typed name can keep away.
    public static let mostNamedByTyping = 2
    static let titles: Set<String> = ["mr", "mrs", "miss", "ms", "mx", "dr", "sir", "coach", "aunty", "uncle"]

    /// Whether the words typed name this person.
    static func names(_ typed: [String], _ fullName: String) -> Bool {
        let words = NameKey.words(fullName)
        guard let first = words.first, let last = words.last else { return false }
        if words.count == 1 { return typed == words }
        if Set(words).isSubset(of: typed) { return true }
        let others = typed.filter { $0 != last && $0 != first }
        let onlyTitles = others.allSatisfy { titles.contains($0) || $0 == String(first.prefix(1)) }
        // A surname with a title or initial; a first name with a title.
        if typed.contains(last), last.count >= 3, onlyTitles, typed.count > 1 { return true }
        if typed.contains(first), !typed.contains(last), typed.count > 1,
            typed.allSatisfy({ $0 == first || titles.contains($0) })
        {
            return true
        }
        return false
    }
}

/// R2.1: a concern as the recorder writes it, before it is submitted.
public struct ConcernDraft: Equatable, Sendable, Codable {
    public var child: ChildDetails
    public var howItArose: HowItArose
    public var occurredAt: Date?
    public var location: String?
    public var whoWasPresent: String?
    /// What was seen or said, in the child's own words where the child spoke.
    public var account: String
    /// R2.1: the facts the recorder was told by someone else; every other fact is first-hand.
    public var reportedFacts: Set<ConcernFact>
    public var injury: String?
    /// R2.11: injuries marked on the body map.
    public var injuries: [InjuryMark]
    public var actionTaken: String?
    public var categories: [ConcernCategory]
    /// R2.3: the child is in immediate danger now.
    public var immediateDanger: Bool
    /// R2.3: medical attention the child was taken to (ambulance, A&E), if any.
    public var medicalAttention: String?
    public var childLocationNow: String?
    public var alreadyTold: String?
    public var linkedChildren: [LinkedChild]
    public var allegedPerpetrator: AllegedPerpetrator?
    /// R1.1, R1.3: the site where the concern arose, whose designated lead is alerted first.
    public var site: SiteID?
    /// R7.1: something the child shared in confidence about themselves. It is never kept in the
    /// concern's content: recording keeps it apart (`RestrictedInformation`), for the DSL and
    /// deputies alone, so a concern read back has none.
    public var restricted: String?

    public init(
        child: ChildDetails, howItArose: HowItArose, occurredAt: Date? = nil, location: String? = nil,
        whoWasPresent: String? = nil, account: String, reportedFacts: Set<ConcernFact> = [],
        injury: String? = nil, injuries: [InjuryMark] = [], actionTaken: String? = nil,
        categories: [ConcernCategory] = [],
        immediateDanger: Bool = false, medicalAttention: String? = nil, childLocationNow: String? = nil,
        alreadyTold: String? = nil, linkedChildren: [LinkedChild] = [],
        allegedPerpetrator: AllegedPerpetrator? = nil, site: SiteID? = nil, restricted: String? = nil
    ) {
        self.child = child
        self.howItArose = howItArose
        self.occurredAt = occurredAt
        self.location = cleaned(location)
        self.whoWasPresent = cleaned(whoWasPresent)
        self.account = trimmed(account)
        self.reportedFacts = reportedFacts
        self.injury = cleaned(injury)
        self.injuries = injuries
        self.actionTaken = cleaned(actionTaken)
        var seen = Set<ConcernCategory>()
        self.categories = categories.filter { seen.insert($0).inserted }
        self.immediateDanger = immediateDanger
        self.medicalAttention = cleaned(medicalAttention)
        self.childLocationNow = cleaned(childLocationNow)
        self.alreadyTold = cleaned(alreadyTold)
        self.linkedChildren = linkedChildren
        self.allegedPerpetrator = allegedPerpetrator
        self.site = site
        self.restricted = cleaned(restricted)
    }

    /// R2.1: whether the recorder saw or heard `fact` themselves, or was told it.
    public func provenance(of fact: ConcernFact) -> Provenance {
        reportedFacts.contains(fact) ? .reported : .firstHand
    }

    /// N2: what stops this draft being recorded, each naming its field. Only what makes a
    /// concern impossible to act on blocks it; everything else is a nudge (R2.9).
    public func validationErrors(now: Date, limits: Limits = Limits()) -> [FieldError] {
        var errors = child.validationErrors(prefix: "child.", today: Day(utc: now))
        if account.isEmpty {
            errors.append(
                .init(
                    field: "account", message: Words("concerns.account.sayWhatYouSawOr"))
            )
        }
        if account.count > 20_000 {
            errors.append(
                .init(
                    field: "account", message: Words("concerns.account.theAccountIsTooLong")))
        }
        if let occurredAt, occurredAt > now.addingTimeInterval(300) {
            errors.append(.init(field: "occurredAt", message: Words("concerns.occurredAt.theTimeItHappenedCant")))
        }
        if let occurredAt, occurredAt < Day.earliest.midnightUTC {
            errors.append(.init(field: "occurredAt", message: Words("concerns.occurredAt.checkTheYear")))
        }
        if linkedChildren.count > limits.linkedChildrenPerConcern {
            errors.append(
                .init(
                    field: "linkedChildren",
                    message: Words(
                        "concerns.linkedChildren.nameAtMostOtherChildren",
                        ["linkedChildrenPerConcern": .number(limits.linkedChildrenPerConcern)])))
        }
        for (index, linked) in linkedChildren.prefix(limits.linkedChildrenPerConcern).enumerated() {
            if cleaned(linked.name) == nil {
                errors.append(
                    .init(
                        field: "linkedChildren[\(index)].name", message: Words("concerns.name.giveTheOtherChildsName")))
            } else if let name = cleaned(linked.name), NameText.hasHiddenCharacters(name) {
                errors.append(
                    .init(field: "linkedChildren[\(index)].name", message: Words("concerns.name.aNameCantContainLine")))
            }
        }
        if let name = allegedPerpetrator?.name, NameText.hasHiddenCharacters(name) {
            errors.append(
                .init(field: "allegedPerpetrator.name", message: Words("concerns.name.aNameCantContainLine")))
        }
        if injuries.count > limits.injuryMarksPerConcern {
            errors.append(
                .init(
                    field: "injuries",
                    message: Words(
                        "concerns.injuries.tooMany", ["most": .number(limits.injuryMarksPerConcern)])))
        }
        for (index, mark) in injuries.prefix(limits.injuryMarksPerConcern).enumerated() {
            errors += mark.validationErrors(index: index)
        }
        // R2.11: no picture of a child, pasted into any answer.
        for (field, text) in texts where PictureInText.found(in: text) {
            errors.append(.init(field: field, message: Words("concerns.picture.notKept")))
        }
        errors += RestrictedInformation.problems(restricted, field: "restricted")
        return errors
    }

    /// Every answer given in words, by its field.
    var texts: [(String, String?)] {
        let child: [(String, String?)] = [
            ("child.name", self.child.name), ("child.description", self.child.description),
            ("child.address", self.child.address), ("child.school", self.child.school),
            ("child.disability", self.child.disability), ("child.gender", self.child.gender),
            ("child.ethnicity", self.child.ethnicity), ("child.firstLanguage", self.child.firstLanguage),
            ("child.religion", self.child.religion),
        ]
        let marks = injuries.enumerated().flatMap { index, mark -> [(String, String?)] in
            [
                ("injuries[\(index)].size", mark.size), ("injuries[\(index)].colour", mark.colour),
                ("injuries[\(index)].explanation", mark.explanation),
            ]
        }
        let others = linkedChildren.enumerated().flatMap { index, linked -> [(String, String?)] in
            [
                ("linkedChildren[\(index)].name", linked.name),
                ("linkedChildren[\(index)].relationship", linked.relationship),
            ]
        }
        return child + [
            ("location", location), ("whoWasPresent", whoWasPresent), ("account", account), ("injury", injury),
            ("actionTaken", actionTaken), ("medicalAttention", medicalAttention),
            ("childLocationNow", childLocationNow), ("alreadyTold", alreadyTold),
            ("allegedPerpetrator.name", allegedPerpetrator?.name),
            ("allegedPerpetrator.relationship", allegedPerpetrator?.relationship),
        ] + marks + others
    }

    /// R2.3: the priority a submitted concern gets in the DSL's inbox.
    public var priority: ConcernPriority {
        if immediateDanger { return .urgent }
        if injury != nil || !injuries.isEmpty || medicalAttention != nil
            || !Set(categories).isDisjoint(with: ConcernPriority.highRiskCategories)
        {
            return .high
        }
        return .normal
    }
}

/// R3.1: how urgently the DSL must look at a concern. Ordered most urgent first.
public enum ConcernPriority: Int, Comparable, Codable, Sendable, CaseIterable {
    case urgent = 0
    case high = 1
    case normal = 2

    /// Categories that are raised to high priority even without injury.
    static let highRiskCategories: Set<ConcernCategory> = [
        .sexualAbuse, .childSexualExploitation, .fgm, .forcedMarriage,
        .modernSlavery, .childCriminalExploitation, .missingFromHome,
    ]

    public var title: Words {
        switch self {
        case .urgent: Words("concerns.concernPriority.urgent")
        case .high: Words("concerns.concernPriority.high")
        case .normal: Words("concerns.concernPriority.normal")
        }
    }

    public static func < (lhs: ConcernPriority, rhs: ConcernPriority) -> Bool { lhs.rawValue < rhs.rawValue }
}
