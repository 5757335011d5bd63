import Foundation
import HavenDomain

/// A concern's content as version 1 of the API gives it: the recorder's answers by the names the
/// API has always used, choices by their codes ("disclosed_by_child"). Its own type, so that a
/// change to `ConcernDraft` cannot silently change the public contract (`test_api_contract.py`
/// checks it against the OpenAPI document).
struct ConcernContentOut: Encodable {
    struct ChildOut: Encodable {
        let name: String?
        let description: String?
        let dateOfBirth: String?
        let approximateAge: Int?
        let gender: String?
        let ethnicity: String?
        let firstLanguage: String?
        let religion: String?
        let disability: String?
        let address: String?
        let school: String?
        let unborn: Bool
        let adultRecallingChildhood: Bool
    }

    struct LinkedChildOut: Encodable {
        let name: String
        let relationship: String?
    }

    /// R2.11: a mark on the body map, as the API takes it.
    struct InjuryMarkOut: Encodable {
        let view: String
        let part: String
        let x: Int?
        let y: Int?
        let size: String?
        let colour: String?
        let explanation: String?

        init(_ mark: InjuryMark) {
            (view, part, x, y) = (mark.view.rawValue, mark.part.rawValue, mark.point?.x, mark.point?.y)
            (size, colour, explanation) = (mark.size, mark.colour, mark.explanation)
        }
    }

    struct PerpetratorOut: Encodable {
        let name: String?
        let relationship: String?
        let worksWithChildren: Bool
    }

    let child: ChildOut
    let howItArose: String
    let occurredAt: Date?
    let location: String?
    let whoWasPresent: String?
    let account: String
    let accountProvenance: String
    /// R2.1: every fact the recorder was told by someone else, the account's included.
    let reportedFacts: [String]
    let injury: String?
    let injuries: [InjuryMarkOut]
    let actionTaken: String?
    let categories: [String]
    let immediateDanger: Bool
    let medicalAttention: String?
    let childLocationNow: String?
    let alreadyTold: String?
    let linkedChildren: [LinkedChildOut]
    let allegedPerpetrator: PerpetratorOut?
    let site: SiteID?

    init(_ draft: ConcernDraft) {
        let c = draft.child
        child = ChildOut(
            name: c.name, description: c.description, dateOfBirth: c.dateOfBirth, approximateAge: c.approximateAge,
            gender: c.gender, ethnicity: c.ethnicity, firstLanguage: c.firstLanguage, religion: c.religion,
            disability: c.disability, address: c.address, school: c.school, unborn: c.unborn,
            adultRecallingChildhood: c.adultRecallingChildhood)
        howItArose = draft.howItArose.rawValue
        occurredAt = draft.occurredAt
        location = draft.location
        whoWasPresent = draft.whoWasPresent
        account = draft.account
        accountProvenance = draft.provenance(of: .account).rawValue
        reportedFacts = draft.reportedFacts.sorted().map(\.rawValue)
        injury = draft.injury
        injuries = draft.injuries.map(InjuryMarkOut.init)
        actionTaken = draft.actionTaken
        categories = draft.categories.map(\.rawValue)
        immediateDanger = draft.immediateDanger
        medicalAttention = draft.medicalAttention
        childLocationNow = draft.childLocationNow
        alreadyTold = draft.alreadyTold
        linkedChildren = draft.linkedChildren.map { LinkedChildOut(name: $0.name, relationship: $0.relationship) }
        allegedPerpetrator = draft.allegedPerpetrator.map {
            PerpetratorOut(name: $0.name, relationship: $0.relationship, worksWithChildren: $0.worksWithChildren)
        }
        site = draft.site
    }
}
