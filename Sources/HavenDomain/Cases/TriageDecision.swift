import Foundation

public enum TriageTag {}
public typealias TriageID = Identifier<TriageTag>

/// R3.1: what the DSL decides to do about a concern.
public enum TriageOutcome: String, CaseIterable, Codable, Sendable {
    case noFurtherAction = "no_further_action"
    case keepUnderReview = "keep_under_review"
    case adviceSought = "advice_sought"
    case earlyHelp = "early_help"
    case socialCareReferral = "social_care_referral"
    case policeReferral = "police_referral"
    case ladoReferral = "lado_referral"
    case referralMadeDirectly = "referral_made_directly"

    public var title: Words {
        switch self {
        case .noFurtherAction: Words("cases.triageOutcome.noFurtherAction")
        case .keepUnderReview: Words("cases.triageOutcome.keepUnderReview")
        case .adviceSought: Words("cases.triageOutcome.adviceSought")
        case .earlyHelp: Words("cases.triageOutcome.earlyHelp")
        case .socialCareReferral: Words("cases.triageOutcome.socialCareReferral")
        case .policeReferral: Words("cases.triageOutcome.policeReferral")
        case .ladoReferral: Words("cases.triageOutcome.ladoReferral")
        case .referralMadeDirectly: Words("cases.triageOutcome.referralMadeDirectly")
        }
    }
}

/// R3.1: the threshold level the decision applies, from the local continuum of need.
public enum ThresholdLevel: String, CaseIterable, Codable, Sendable {
    case universal, additional, intensive, specialist

    public var title: Words {
        switch self {
        case .universal: Words("cases.thresholdLevel.universal")
        case .additional: Words("cases.thresholdLevel.additional")
        case .intensive: Words("cases.thresholdLevel.intensive")
        case .specialist: Words("cases.thresholdLevel.specialist")
        }
    }
}

/// R3.1: advice sought from an outside agency; the child may be left unnamed in that conversation.
public struct AdviceRecord: Equatable, Sendable, Codable {
    public let givenBy: String
    public let givenAt: Date
    public let advice: String
    /// R3.1: whether the child was named when the advice was sought; a consultation may leave
    /// the child unnamed (described only), and the record says so.
    public let childNamed: Bool

    public init(givenBy: String, givenAt: Date, advice: String, childNamed: Bool = true) {
        self.givenBy = givenBy
        self.givenAt = givenAt
        self.advice = advice
        self.childNamed = childNamed
    }
}

/// R3.1: a timed, signed triage decision. A rationale is required for every outcome,
/// including a decision not to refer.
public struct TriageDecision: Equatable, Sendable, Codable {
    public let id: TriageID
    public let concernID: ConcernID
    public let decidedBy: PersonID
    public let decidedAt: Date
    public let outcome: TriageOutcome
    public let rationale: String
    public let threshold: ThresholdLevel
    public let consulted: String
    /// The day the case is to be looked at again (a calendar day where the organisation is).
    public let reviewDate: Day?
    public let advice: AdviceRecord?
    /// R2.7: an outcome the DSL chose to share with the recorder, if any.
    public let outcomeSharedWithRecorder: String?

    /// A decision as it was recorded (read back from storage).
    public init(
        id: TriageID, concernID: ConcernID, decidedBy: PersonID, decidedAt: Date, outcome: TriageOutcome,
        rationale: String, threshold: ThresholdLevel, consulted: String, reviewDate: Day?, advice: AdviceRecord?,
        outcomeSharedWithRecorder: String?
    ) {
        self.id = id
        self.concernID = concernID
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.outcome = outcome
        self.rationale = rationale
        self.threshold = threshold
        self.consulted = consulted
        self.reviewDate = reviewDate
        self.advice = advice
        self.outcomeSharedWithRecorder = outcomeSharedWithRecorder
    }

    public init(id: TriageID, concernID: ConcernID, decidedBy: PersonID, decidedAt: Date, input: TriageInput) {
        self.id = id
        self.concernID = concernID
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.outcome = input.outcome
        self.rationale = input.rationale
        self.threshold = input.threshold
        self.consulted = input.consulted
        self.reviewDate = input.reviewDate
        self.advice = input.advice
        self.outcomeSharedWithRecorder = input.outcomeSharedWithRecorder
    }
}

/// R3.1: a triage decision as the DSL submits it, already checked.
public struct TriageInput: Equatable, Sendable {
    public let outcome: TriageOutcome
    public let rationale: String
    public let threshold: ThresholdLevel
    public let consulted: String
    public let reviewDate: Day?
    public let advice: AdviceRecord?
    public let outcomeSharedWithRecorder: String?

    /// N2, R3.1: checks a submitted decision field by field, from the form or the API alike.
    /// Keeping under review needs a review date; advice sought needs who gave it and what it was.
    /// When it was given is a local time where the organisation is (`timeZone`) or a time with its
    /// offset, not in the future; left out, it is now.
    public static func validated(
        outcome: String?, rationale: String?, threshold: String?, consulted: String?, reviewDate: String?,
        adviceGivenBy: String?, adviceGivenAt: String?, advice: String?, adviceChildNotNamed: String? = nil,
        shareWithRecorder: String?, now: Date,
        timeZone: TimeZone
    ) throws -> TriageInput {
        var errors: [FieldError] = []
        let outcome = outcome.flatMap(TriageOutcome.init(rawValue:))
        if outcome == nil { errors.append(.init(field: "outcome", message: Words("cases.outcome.chooseADecision"))) }
        let rationale = cleaned(rationale)
        if rationale == nil {
            errors.append(
                .init(
                    field: "rationale", message: Words("cases.rationale.writeWhyYouMadeThis")
                ))
        }
        let threshold = threshold.flatMap(ThresholdLevel.init(rawValue:))
        if threshold == nil {
            errors.append(.init(field: "threshold", message: Words("cases.threshold.chooseTheThresholdLevelYou")))
        }
        let consulted = cleaned(consulted)
        if consulted == nil {
            errors.append(.init(field: "consulted", message: Words("cases.consulted.sayWhoYouConsultedOr")))
        }
        var review: Day?
        if let text = cleaned(reviewDate) {
            review = Day(iso: text)
            if review == nil {
                errors.append(.init(field: "reviewDate", message: Words("cases.reviewDate.enterTheReviewDateAs")))
            } else if let review, review < WorkingDayCalendar(timeZone: timeZone).day(of: now) {
                errors.append(.init(field: "reviewDate", message: Words("cases.reviewDate.notBeforeToday")))
            }
        }
        if outcome == .keepUnderReview && cleaned(reviewDate) == nil {
            errors.append(.init(field: "reviewDate", message: Words("cases.reviewDate.setADateToReview")))
        }
        var givenAt: Date?
        if let text = cleaned(adviceGivenAt) {
            givenAt = LocalDateTime.parse(text, timeZone: timeZone)
            if givenAt == nil {
                errors.append(
                    .init(field: "adviceGivenAt", message: Words("cases.adviceGivenAt.enterTheDateAndTime")))
            } else if let givenAt, givenAt > now.addingTimeInterval(5 * 60) {
                errors.append(.init(field: "adviceGivenAt", message: Words("cases.adviceGivenAt.notInTheFuture")))
            } else if let givenAt, givenAt < Day.earliest.midnightUTC {
                errors.append(.init(field: "adviceGivenAt", message: Words("cases.adviceGivenAt.checkTheYear")))
            }
        }
        var childNotNamed = false
        switch cleaned(adviceChildNotNamed)?.lowercased() {
        case nil, "false", "off": break
        case "true", "on": childNotNamed = true
        default:
            errors.append(.init(field: "adviceChildNotNamed", message: Words("cases.adviceChildNotNamed.yesOrNo")))
        }
        var adviceRecord: AdviceRecord?
        if outcome == .adviceSought {
            let by = cleaned(adviceGivenBy)
            let what = cleaned(advice)
            if by == nil {
                errors.append(.init(field: "adviceGivenBy", message: Words("cases.adviceGivenBy.sayWhoGaveTheAdvice")))
            }
            if what == nil {
                errors.append(.init(field: "advice", message: Words("cases.advice.recordTheAdviceYouWere")))
            }
            if let by, let what {
                adviceRecord = AdviceRecord(
                    givenBy: by, givenAt: givenAt ?? now, advice: what, childNamed: !childNotNamed)
            }
        }
        try InvalidInput.check(errors)
        return TriageInput(
            outcome: outcome!, rationale: rationale!, threshold: threshold!, consulted: consulted!,
            reviewDate: review, advice: adviceRecord, outcomeSharedWithRecorder: cleaned(shareWithRecorder))
    }
}
