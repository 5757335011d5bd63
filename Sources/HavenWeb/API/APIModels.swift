import Foundation
import HavenDomain
import HavenFeatures
import Vapor

/// R2.1: a concern as the API accepts it. Everything is optional at decoding so that every
/// missing or wrong answer can be reported at once, each naming its field.
struct ConcernInput: Content {
    struct Child: Codable {
        var name: String?, description: String?, dateOfBirth: String?, approximateAge: Int?, gender: String?,
            ethnicity: String?
        var firstLanguage: String?, religion: String?, disability: String?, address: String?, school: String?
    }
    struct Linked: Codable {
        var name: String?
        var relationship: String?
    }
    struct Perpetrator: Codable {
        var name: String?
        var relationship: String?
        var worksWithChildren: Bool?
    }

    var child: Child?
    var howItArose: String?
    /// ISO 8601, e.g. 2026-11-23T15:04:00Z.
    var occurredAt: String?
    var location: String?
    var whoWasPresent: String?
    var account: String?
    var accountProvenance: String?
    var injury: String?
    var actionTaken: String?
    var categories: [String]?
    var immediateDanger: Bool?
    var medicalAttention: String?
    var childLocationNow: String?
    var alreadyTold: String?
    var linkedChildren: [Linked]?
    var allegedPerpetrator: Perpetrator?
    /// R1.1: the site's id, where the organisation has sites.
    var site: String?

    /// N2: the draft, or every unreadable answer at once (with any `earlier` ones found while reading a form).
    func draft(earlier: [FieldError] = []) throws -> ConcernDraft {
        var errors = earlier
        let arose = howItArose.flatMap(HowItArose.init(rawValue:))
        if arose == nil {
            errors.append(
                .init(
                    field: "howItArose",
                    message:
                        "Say how it came to light: one of \(HowItArose.allCases.map(\.rawValue).joined(separator: ", "))."
                ))
        }
        var provenance = Provenance.firstHand
        if let raw = accountProvenance {
            if let value = Provenance(rawValue: raw) {
                provenance = value
            } else {
                errors.append(.init(field: "accountProvenance", message: "Use first_hand or reported."))
            }
        }
        var list: [ConcernCategory] = []
        for (index, raw) in (categories ?? []).enumerated() {
            if let category = ConcernCategory(rawValue: raw) {
                list.append(category)
            } else {
                errors.append(
                    .init(
                        field: "categories[\(index)]", message: "\"\(raw.prefix(40))\" is not a category Haven knows."))
            }
        }
        var siteID: SiteID?
        if let text = cleaned(site) {
            siteID = SiteID(string: text)
            if siteID == nil { errors.append(.init(field: "site", message: "Choose one of the organisation's sites.")) }
        }
        var when: Date?
        if let text = occurredAt {
            when = ISO8601DateFormatter().date(from: text)
            if when == nil {
                errors.append(
                    .init(field: "occurredAt", message: "Give the time as ISO 8601, e.g. 2026-11-23T15:04:00Z."))
            }
        }
        try InvalidInput.check(errors)
        let c = child ?? Child()
        return ConcernDraft(
            child: ChildDetails(
                name: c.name, description: c.description, dateOfBirth: c.dateOfBirth, approximateAge: c.approximateAge,
                gender: c.gender, ethnicity: c.ethnicity, firstLanguage: c.firstLanguage, religion: c.religion,
                disability: c.disability, address: c.address, school: c.school),
            howItArose: arose!, occurredAt: when, location: location, whoWasPresent: whoWasPresent,
            account: account ?? "",
            accountProvenance: provenance, injury: injury, actionTaken: actionTaken, categories: list,
            immediateDanger: immediateDanger ?? false, medicalAttention: medicalAttention,
            childLocationNow: childLocationNow,
            alreadyTold: alreadyTold,
            linkedChildren: (linkedChildren ?? []).map {
                LinkedChild(name: $0.name ?? "", relationship: $0.relationship)
            },
            allegedPerpetrator: allegedPerpetrator.map {
                AllegedPerpetrator(
                    name: $0.name, relationship: $0.relationship, worksWithChildren: $0.worksWithChildren ?? false)
            },
            site: siteID)
    }
}

struct SessionInput: Content {
    let email: String?
    let password: String?
}
struct CodeInput: Content { let code: String? }
struct SessionOutput: APIBody {
    let token: String
    let secondFactorEnrolled: Bool
    let secondFactorPassed: Bool
    let expiresAt: Date
}

struct ReceiptOutput: APIBody {
    let concernID: String
    let reference: String
    let recordedAt: Date
    let receivedBy: String?
    let nobodyAvailable: Bool
    let sharedOutcome: String?
    let outcomeNeedsSecondFactor: Bool
    let nudges: [DataQualityNudge]

    init(_ receipt: ConcernReceipt, nudges: [DataQualityNudge]) {
        concernID = receipt.concernID.description
        reference = receipt.reference
        recordedAt = receipt.recordedAt
        receivedBy = receipt.receivedBy
        nobodyAvailable = receipt.nobodyAvailable
        sharedOutcome = receipt.sharedOutcome
        outcomeNeedsSecondFactor = receipt.outcomeNeedsSecondFactor
        self.nudges = nudges
    }
}

struct ConcernOutput: APIBody {
    struct AddendumOut: APIBody {
        let id: String
        let author: String
        let addedAt: Date
        let reason: String
        let text: String
    }
    struct DecisionOut: APIBody {
        let id: String
        let decidedBy: String
        let decidedAt: Date
        let outcome: String
        let rationale: String
        let threshold: String
        let consulted: String
        let reviewDate: Date?
        let advice: AdviceRecord?
        let outcomeSharedWithRecorder: String?
    }
    struct ActionOut: APIBody {
        let id: String
        let description: String
        let owner: String
        let dueOn: Date
        let completedAt: Date?
    }

    let id: String
    let reference: String
    let childID: String
    let recordedAt: Date
    let recordedBy: String
    let priority: String
    let content: ConcernDraft
    let linkedChildIDs: [String]
    let addenda: [AddendumOut]
    let decisions: [DecisionOut]
    let actions: [ActionOut]

    init(_ file: ConcernFile) {
        id = file.concern.id.description
        reference = file.concern.reference
        childID = file.child.id.description
        recordedAt = file.concern.recordedAt
        recordedBy = file.name(file.concern.recordedBy)
        priority = "\(file.concern.priority)"
        content = file.concern.content
        linkedChildIDs = file.linkedChildren.map(\.id.description)
        addenda = file.addenda.map {
            .init(
                id: $0.id.description, author: file.name($0.author), addedAt: $0.addedAt, reason: $0.reason.rawValue,
                text: $0.text)
        }
        decisions = file.decisions.map {
            .init(
                id: $0.id.description, decidedBy: file.name($0.decidedBy), decidedAt: $0.decidedAt,
                outcome: $0.outcome.rawValue,
                rationale: $0.rationale, threshold: $0.threshold.rawValue, consulted: $0.consulted,
                reviewDate: $0.reviewDate,
                advice: $0.advice, outcomeSharedWithRecorder: $0.outcomeSharedWithRecorder)
        }
        actions = file.actions.map {
            .init(
                id: $0.id.description, description: $0.description, owner: file.name($0.owner),
                dueOn: $0.dueOn.midnightUTC,
                completedAt: $0.completedAt)
        }
    }
}

struct TriageInputBody: Content {
    let outcome: String?
    let rationale: String?
    let threshold: String?
    let consulted: String?
    let reviewDate: String?
    let adviceGivenBy: String?
    let adviceGivenAt: Date?
    let advice: String?
    let shareWithRecorder: String?
}

struct ActionInput: Content {
    let description: String?
    let owner: String?
    let dueOn: String?
}
struct AddendumInput: Content {
    let reason: String?
    let text: String?
}
struct CreatedID: APIBody { let id: String }
struct DelegationInput: Content {
    let delegate: String?
    let note: String?
}
