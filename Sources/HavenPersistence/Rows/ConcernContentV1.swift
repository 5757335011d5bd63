import Foundation
import HavenDomain

/// How a concern's content is kept (`concerns.content`), version 1: the recorder's answers as
/// the JSON written since concerns were first kept. Enumerations are kept by their raw values
/// ("disclosed_by_child"), which never change once used.
struct ConcernContentV1: Codable {
    struct LinkedChildV1: Codable {
        let name: String
        let relationship: String?
    }

    struct AllegedPerpetratorV1: Codable {
        let name: String?
        let relationship: String?
        let worksWithChildren: Bool
        /// Present only when chosen from Haven's people (issue 12.3).
        let person: PersonID?
    }

    /// R2.11: a mark on the body map. Absent from concerns recorded before the body map.
    struct InjuryMarkV1: Codable {
        let view: BodyView
        let part: BodyPart
        let x: Int?
        let y: Int?
        let size: String?
        let colour: String?
        let explanation: String?

        init(_ mark: InjuryMark) {
            view = mark.view
            part = mark.part
            x = mark.point?.x
            y = mark.point?.y
            size = mark.size
            colour = mark.colour
            explanation = mark.explanation
        }

        var mark: InjuryMark {
            InjuryMark(
                view: view, part: part, point: x.flatMap { x in y.map { MapPoint(x: x, y: $0) } }, size: size,
                colour: colour, explanation: explanation)
        }
    }

    let child: ChildDetailsV1
    let howItArose: HowItArose
    let occurredAt: Date?
    let location: String?
    let whoWasPresent: String?
    let account: String
    let accountProvenance: Provenance
    /// R2.1: the other facts told to the recorder (the account's own is `accountProvenance`);
    /// left out when there are none.
    let reportedFacts: [ConcernFact]?
    let injury: String?
    let injuries: [InjuryMarkV1]?
    let actionTaken: String?
    let categories: [ConcernCategory]
    let immediateDanger: Bool
    let medicalAttention: String?
    let childLocationNow: String?
    let alreadyTold: String?
    let linkedChildren: [LinkedChildV1]
    let allegedPerpetrator: AllegedPerpetratorV1?
    let site: SiteID?

    init(_ draft: ConcernDraft) {
        child = ChildDetailsV1(draft.child)
        howItArose = draft.howItArose
        occurredAt = draft.occurredAt
        location = draft.location
        whoWasPresent = draft.whoWasPresent
        account = draft.account
        accountProvenance = draft.provenance(of: .account)
        let others = draft.reportedFacts.subtracting([.account]).sorted()
        reportedFacts = others.isEmpty ? nil : others
        injury = draft.injury
        injuries = draft.injuries.isEmpty ? nil : draft.injuries.map(InjuryMarkV1.init)
        actionTaken = draft.actionTaken
        categories = draft.categories
        immediateDanger = draft.immediateDanger
        medicalAttention = draft.medicalAttention
        childLocationNow = draft.childLocationNow
        alreadyTold = draft.alreadyTold
        linkedChildren = draft.linkedChildren.map { LinkedChildV1(name: $0.name, relationship: $0.relationship) }
        allegedPerpetrator = draft.allegedPerpetrator.map {
            AllegedPerpetratorV1(
                name: $0.name, relationship: $0.relationship, worksWithChildren: $0.worksWithChildren, person: $0.person
            )
        }
        site = draft.site
    }

    var draft: ConcernDraft {
        ConcernDraft(
            child: child.child, howItArose: howItArose, occurredAt: occurredAt, location: location,
            whoWasPresent: whoWasPresent, account: account,
            reportedFacts: Set(reportedFacts ?? []).union(accountProvenance == .reported ? [.account] : []),
            injury: injury,
            injuries: (injuries ?? []).map(\.mark), actionTaken: actionTaken, categories: categories,
            immediateDanger: immediateDanger,
            medicalAttention: medicalAttention, childLocationNow: childLocationNow, alreadyTold: alreadyTold,
            linkedChildren: linkedChildren.map { LinkedChild(name: $0.name, relationship: $0.relationship) },
            allegedPerpetrator: allegedPerpetrator.map {
                AllegedPerpetrator(
                    name: $0.name, relationship: $0.relationship, worksWithChildren: $0.worksWithChildren,
                    person: $0.person)
            }, site: site)
    }

    static func encode(_ draft: ConcernDraft) throws -> String { try JSONColumn.encode(ConcernContentV1(draft)) }
    static func decode(_ text: String) throws -> ConcernDraft {
        try JSONColumn.decode(ConcernContentV1.self, text).draft
    }
}
