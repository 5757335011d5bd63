import Foundation
import HavenDomain
import HavenFeatures
import Vapor

/// What the concerns API reads and answers (OpenAPI/concerns.json).
struct ReceiptOutput: APIBody {
    let concernID: String
    let reference: String
    let recordedAt: Date
    let receivedBy: String?
    let nobodyAvailable: Bool
    let sharedOutcome: String?
    let outcomeNeedsSecondFactor: Bool
    let nudges: [NudgeOut]

    /// R2.9: a nudge as the API gives it: the field, and the message in the reader's language.
    struct NudgeOut: APIBody {
        let field: String
        let message: String
    }

    init(_ receipt: ConcernReceipt, nudges: [DataQualityNudge], _ req: Request) {
        concernID = receipt.concernID.description
        reference = receipt.reference
        recordedAt = receipt.recordedAt
        receivedBy = receipt.receivedBy
        nobodyAvailable = receipt.nobodyAvailable
        sharedOutcome = receipt.sharedOutcome
        outcomeNeedsSecondFactor = receipt.outcomeNeedsSecondFactor
        self.nudges = nudges.map { NudgeOut(field: $0.field, message: req.text($0.message)) }
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
        let advice: AdviceOut?
        let outcomeSharedWithRecorder: String?
    }
    /// R3.1: advice recorded with a decision, as the API gives it.
    struct AdviceOut: APIBody {
        let givenBy: String
        let givenAt: Date
        let advice: String
        /// R3.1: false when the child was not named in the consultation.
        let childNamed: Bool
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
    let content: ConcernContentOut
    let linkedChildIDs: [String]
    /// A page of the addenda, in the order they were added.
    let addenda: [AddendumOut]
    /// Give as `addendaAfter` to read the next page of addenda; absent on the last.
    let addendaNext: String?
    let decisions: [DecisionOut]
    let actions: [ActionOut]
    /// R3.1: copies of referral forms made outside Haven (opened at the concern page's link).
    let referralCopies: [ReferralCopyOut]
    /// Issue 12.7, R2.6: when an allegation record was started from this concern, and by whom.
    let allegationStartedAt: Date?
    let allegationStartedBy: String?

    struct ReferralCopyOut: APIBody {
        let id: String
        let filename: String
        let mediaType: String
        let byteCount: Int
        let sha256: String
        let addedAt: Date
        let addedBy: String
    }

    init(_ file: ConcernFile, _ req: Request) {
        id = file.concern.id.description
        reference = file.concern.reference
        childID = file.child.id.description
        recordedAt = file.concern.recordedAt
        recordedBy = req.text(file.name(file.concern.recordedBy))
        priority = "\(file.concern.priority)"
        content = ConcernContentOut(file.concern.content)
        linkedChildIDs = file.linkedChildren.map(\.id.description)
        addenda = file.addenda.map {
            .init(
                id: $0.id.description, author: req.text(file.name($0.author)), addedAt: $0.addedAt,
                reason: $0.reason.rawValue,
                text: $0.text)
        }
        addendaNext = file.moreAddenda?.token
        decisions = file.decisions.map {
            .init(
                id: $0.id.description, decidedBy: req.text(file.name($0.decidedBy)), decidedAt: $0.decidedAt,
                outcome: $0.outcome.rawValue,
                rationale: $0.rationale, threshold: $0.threshold.rawValue, consulted: $0.consulted,
                reviewDate: $0.reviewDate?.midnightUTC,
                advice: $0.advice.map {
                    AdviceOut(givenBy: $0.givenBy, givenAt: $0.givenAt, advice: $0.advice, childNamed: $0.childNamed)
                },
                outcomeSharedWithRecorder: $0.outcomeSharedWithRecorder)
        }
        actions = file.actions.map {
            .init(
                id: $0.id.description, description: $0.description, owner: req.text(file.name($0.owner)),
                dueOn: $0.dueOn.midnightUTC,
                completedAt: $0.completedAt)
        }
        allegationStartedAt = file.allegation?.startedAt
        allegationStartedBy = file.allegation.map { req.text(file.name($0.startedBy)) }
        referralCopies = file.referralCopies.map {
            .init(
                id: $0.id.description, filename: $0.filename, mediaType: $0.type.rawValue, byteCount: $0.byteCount,
                sha256: $0.sha256, addedAt: $0.addedAt, addedBy: req.text(file.name($0.addedBy)))
        }
    }
}
