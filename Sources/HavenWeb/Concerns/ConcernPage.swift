import HavenDomain
import HavenFeatures
import Vapor

/// R2.4, R3.1: a concern as the DSL (or its recorder) reads it, with the triage and action forms.
struct ConcernPage: Encodable {
    struct Fact: Encodable {
        let label: String
        let value: String
    }
    struct AddendumLine: Encodable {
        let at: String
        let by: String
        let reason: String
        let text: String
    }
    struct DecisionLine: Encodable {
        let at: String
        let by: String
        let outcome: String
        let threshold: String
        let rationale: String
        let consulted: String
        let review: String?
        let advice: String?
        let shared: String?
    }
    struct ActionLine: Encodable {
        let id: String
        let description: String
        let owner: String
        let due: String
        let done: Bool
        let overdue: Bool
    }
    struct RouteLine: Encodable {
        let who: String
        let link: String
        let outcome: String
    }

    let id: String
    let reference: String
    let childID: String
    let childName: String
    let priority: String
    let urgent: Bool
    let recordedAt: String
    let recordedBy: String
    let account: String
    let facts: [Fact]
    let childFacts: [Fact]
    let categories: [String]
    let linkedChildren: [String]
    let perpetrator: String?
    let perpetratorWorksWithChildren: Bool
    let route: [RouteLine]
    let addenda: [AddendumLine]
    let decisions: [DecisionLine]
    let actions: [ActionLine]
    let isLead: Bool
    let handles: Bool
    let delegate: String?
    let managers: [Choice]
    let outcomes: [Choice]
    let thresholds: [Choice]
    let reasons: [Choice]
    let owners: [Choice]

    init(_ file: ConcernFile, req: Request, people: [Choice], managers: [Choice]) {
        let concern = file.concern
        let content = concern.content
        let now = req.haven.clock.now()
        id = concern.id.description
        reference = concern.reference
        childID = file.child.id.description
        childName = file.child.details.displayName
        priority = concern.priority.title
        urgent = concern.priority == .urgent
        recordedAt = req.display(concern.recordedAt)
        recordedBy = file.name(concern.recordedBy)
        account = content.account
        let optional: [(String, String?)] = [
            ("How it came to light", content.howItArose.title), ("Account is", content.accountProvenance.title),
            ("When it happened", content.occurredAt.map(req.display)), ("Where", content.location),
            ("Who was present", content.whoWasPresent), ("Injury", content.injury),
            ("What the recorder did", content.actionTaken),
            ("Immediate danger", content.immediateDanger ? "Yes" : "No"),
            ("Medical attention", content.medicalAttention),
            ("Where the child is now", content.childLocationNow), ("Already told", content.alreadyTold),
        ]
        facts = optional.compactMap { label, value in value.map { Fact(label: label, value: $0) } }
        let child = file.child.details
        let childOptional: [(String, String?)] = [
            ("Description", child.description), ("Date of birth", child.dateOfBirth),
            ("Approximate age", child.approximateAge.map(String.init)),
            ("Gender", child.gender), ("Ethnicity", child.ethnicity), ("First language", child.firstLanguage),
            ("Religion", child.religion),
            ("Disability or special needs", child.disability), ("Address", child.address), ("School", child.school),
        ]
        childFacts = childOptional.compactMap { label, value in value.map { Fact(label: label, value: $0) } }
        categories = content.categories.map(\.title)
        linkedChildren = content.linkedChildren.map {
            [$0.name, $0.relationship].compactMap { $0 }.joined(separator: " — ")
        }
        perpetrator = content.allegedPerpetrator.map {
            [$0.name, $0.relationship].compactMap { $0 }.joined(separator: " — ")
        }
        perpetratorWorksWithChildren = content.allegedPerpetrator?.worksWithChildren ?? false
        route = concern.route.steps.map {
            RouteLine(
                who: file.name($0.person), link: $0.link.title,
                outcome: $0.outcome == .chosen
                    ? "received it" : $0.outcome == .alsoAlerted ? "also alerted" : "skipped: unavailable")
        }
        addenda = file.addenda.map {
            AddendumLine(at: req.display($0.addedAt), by: file.name($0.author), reason: $0.reason.title, text: $0.text)
        }
        decisions = file.decisions.map {
            DecisionLine(
                at: req.display($0.decidedAt), by: file.name($0.decidedBy), outcome: $0.outcome.title,
                threshold: $0.threshold.title,
                rationale: $0.rationale, consulted: $0.consulted, review: $0.reviewDate.map(LocalDateTime.day),
                advice: $0.advice.map { "\($0.advice) (from \($0.givenBy))" }, shared: $0.outcomeSharedWithRecorder)
        }
        actions = file.actions.map {
            ActionLine(
                id: $0.id.description, description: $0.description, owner: file.name($0.owner),
                due: LocalDateTime.day($0.dueOn),
                done: $0.completedAt != nil, overdue: $0.isOverdue(at: now, calendar: req.haven.calendar))
        }
        isLead = file.readerIsLead
        handles = file.readerHandles
        delegate = file.delegate.map(file.name)
        self.managers = managers
        outcomes = TriageOutcome.allCases.map { Choice(value: $0.rawValue, title: $0.title) }
        thresholds = ThresholdLevel.allCases.map { Choice(value: $0.rawValue, title: $0.title) }
        reasons = AddendumReason.allCases.map { Choice(value: $0.rawValue, title: $0.title) }
        owners = people
    }
}
