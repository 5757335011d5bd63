import HavenDomain
import HavenFeatures
import Vapor

/// R2.4, R3.1: a concern as the DSL (or its recorder) reads it, with the triage and action forms.
struct ConcernPage: Encodable {
    struct Fact: Encodable {
        let label: String
        let value: String
        /// R2.1: the recorder was told this by someone else.
        var told = false
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
    /// R2.11: the injuries marked on the body map, if any.
    let bodyMap: BodyMapPage?
    let facts: [Fact]
    let childFacts: [Fact]
    let categories: [String]
    let linkedChildren: [String]
    let perpetrator: String?
    let perpetratorWorksWithChildren: Bool
    /// R2.6: who the prompt about other children in their household names, for a lead.
    let householdPrompt: String?
    /// Issue 12.7, R2.6: for a lead, whether an allegation record can be started from this
    /// concern (someone is named), and when and by whom one was.
    let canStartAllegation: Bool
    let allegationStarted: String?
    /// R3.1: copies of referral forms made outside Haven, for those handling the concern.
    struct CopyLine: Encodable {
        let link: String
        let name: String
        let detail: String
    }
    let referralCopies: [CopyLine]
    let readerHandles: Bool
    /// The largest copy kept, in megabytes.
    let copyLimit = ReferralCopy.byteLimit / (1024 * 1024)
    /// R7.1: for the DSL and deputies, what the concern holds in confidence and how to read it.
    let restricted: RestrictedSection?
    let route: [RouteLine]
    let addenda: [AddendumLine]
    /// The next page of addenda's address, if there is one.
    let laterAddenda: String?
    /// Whether these are later addenda (then the page links back to the first).
    let addendaFromStart: Bool
    let decisions: [DecisionLine]
    let actions: [ActionLine]
    let isLead: Bool
    let handles: Bool
    /// Whether this reader may add to it: its recorder, or those handling it (not a case manager
    /// who was only sent it to read).
    let addsAddenda: Bool
    let delegate: String?
    let managers: [Choice]
    let outcomes: [Choice]
    let thresholds: [Choice]
    let reasons: [Choice]
    let owners: [Choice]
    /// Issue 12.2: for a DSL, the children Haven may already hold who are this child, or the file
    /// this child has been put in.
    let sameChild: SameChildSection?
    /// Issue 12.7: the local contacts, for whoever handles the concern; the emergency numbers for all.
    let contacts: [ContactLine]
    let emergency: EmergencyGuidance

    struct SameChildSection: Encodable {
        let keptIn: ChildLine?
        let proposals: [ChildLine]
        let found: [ChildLine]
        let query: String
        let searched: Bool
    }

    init(
        _ file: ConcernFile, req: Request, people: [Choice], managers: [Choice], laterAddendaPage: Bool = false,
        sameChild finding: SameChild.Finding? = nil, searched query: String? = nil, contacts: [ContactLine] = [],
        emergency: EmergencyGuidance
    ) {
        self.contacts = contacts
        self.emergency = emergency
        sameChild = finding.map { finding in
            SameChildSection(
                keptIn: finding.keptIn.map { ChildLine($0, req: req) },
                proposals: finding.proposals.map { ChildLine($0.child, reason: $0.reason, req: req) },
                found: finding.found.map { ChildLine($0.child, req: req) }, query: query ?? "",
                searched: !(query ?? "").trimmingCharacters(in: .whitespaces).isEmpty)
        }
        let concern = file.concern
        let content = concern.content
        let now = req.haven.clock.now()
        id = concern.id.description
        reference = concern.reference
        childID = file.child.id.description
        childName = req.text(file.child.details.shownName)
        priority = req.text(concern.priority.title)
        urgent = concern.priority == .urgent
        recordedAt = req.display(concern.recordedAt)
        recordedBy = req.text(file.name(concern.recordedBy))
        account = content.account
        bodyMap = content.injuries.isEmpty ? nil : BodyMapPage(content.injuries, req: req)
        let told: (ConcernFact) -> Bool = { content.provenance(of: $0) == .reported }
        let optional: [(String, String?, Bool)] = [
            (req.text("concern.fact.howItArose"), req.text(content.howItArose.title), false),
            (req.text("concern.fact.accountProvenance"), req.text(content.provenance(of: .account).title), false),
            (req.text("concern.fact.occurredAt"), content.occurredAt.map(req.display), told(.whenAndWhere)),
            (req.text("concern.fact.location"), content.location, told(.whenAndWhere)),
            (req.text("concern.fact.whoWasPresent"), content.whoWasPresent, told(.whoWasPresent)),
            (req.text("concern.fact.injury"), content.injury, told(.injury)),
            (req.text("concern.fact.actionTaken"), content.actionTaken, false),
            (
                req.text("concern.fact.immediateDanger"),
                req.text(content.immediateDanger ? "common.yes" : "common.no"),
                false
            ),
            (req.text("concern.fact.medicalAttention"), content.medicalAttention, false),
            (req.text("concern.fact.childLocationNow"), content.childLocationNow, told(.childLocationNow)),
            (req.text("concern.fact.alreadyTold"), content.alreadyTold, false),
        ]
        facts = optional.compactMap { label, value, told in value.map { Fact(label: label, value: $0, told: told) } }
        let child = file.child.details
        let childOptional: [(String, String?)] = [
            (req.text("concern.childFact.description"), child.description),
            (
                req.text(child.unborn ? "concern.childFact.dueDate" : "concern.childFact.dateOfBirth"),
                child.dateOfBirth.map { Day(iso: $0).map(req.words.day) ?? $0 }
            ),
            (
                req.text("concern.childFact.adultRecallingChildhood"),
                child.adultRecallingChildhood ? req.text("common.yes") : nil
            ),
            (req.text("concern.childFact.approximateAge"), child.approximateAge.map(String.init)),
            (req.text("concern.childFact.gender"), child.gender),
            (req.text("concern.childFact.ethnicity"), child.ethnicity),
            (req.text("concern.childFact.firstLanguage"), child.firstLanguage),
            (req.text("concern.childFact.religion"), child.religion),
            (req.text("concern.childFact.disability"), child.disability),
            (req.text("concern.childFact.address"), child.address),
            (req.text("concern.childFact.school"), child.school),
        ]
        // Issue 12.2: the numbers the child is known by, so a match on one can be checked.
        childFacts =
            childOptional.compactMap { label, value in value.map { Fact(label: label, value: $0) } }
            + child.identifiers.given.map { Fact(label: req.text($0.kind.title), value: $0.value) }
        categories = content.categories.map { req.text($0.title) }
        linkedChildren = content.linkedChildren.map {
            [$0.name, $0.relationship].compactMap { $0 }.joined(separator: " — ")
        }
        perpetrator = content.allegedPerpetrator.map {
            [$0.name, $0.relationship].compactMap { $0 }.joined(separator: " — ")
        }
        perpetratorWorksWithChildren = content.allegedPerpetrator?.worksWithChildren ?? false
        canStartAllegation = file.readerIsLead && content.allegedPerpetrator != nil
        allegationStarted = file.allegation.map {
            req.text(
                "concern.allegationStarted",
                ["at": .moment($0.startedAt), "by": .words(.isolated(req.text(file.name($0.startedBy))))])
        }
        readerHandles = file.readerHandles
        referralCopies = file.referralCopies.map {
            CopyLine(
                link: "/concerns/\(concern.id)/referral-copies/\($0.id)", name: $0.filename,
                detail: req.text(
                    "concern.referralCopy.detail",
                    [
                        "size": .number(max(1, $0.byteCount / 1024)),
                        "by": .words(.isolated(req.text(file.name($0.addedBy)))),
                        "at": .moment($0.addedAt),
                    ]))
        }
        restricted = file.restrictedCount.map { RestrictedSection(id: concern.id, count: $0, req: req) }
        householdPrompt =
            file.readerIsLead
            ? content.allegedPerpetrator.map {
                req.text(
                    "concern.householdPrompt",
                    ["name": .words($0.name.map { .isolated($0) } ?? Words("concern.householdPrompt.thePersonNamed"))])
            } : nil
        route = concern.route.steps.map {
            RouteLine(
                who: req.text(file.name($0.person)), link: req.text($0.link.title),
                outcome: req.text(
                    $0.outcome == .chosen
                        ? "concern.route.received"
                        : $0.outcome == .alsoAlerted ? "concern.route.alsoAlerted" : "concern.route.skipped"))
        }
        laterAddenda = file.moreAddenda.map { "/concerns/\(file.concern.id)?addendaAfter=\($0.token)#addenda" }
        addendaFromStart = laterAddendaPage
        addenda = file.addenda.map {
            AddendumLine(
                at: req.display($0.addedAt), by: req.text(file.name($0.author)), reason: req.text($0.reason.title),
                text: $0.text)
        }
        decisions = file.decisions.map {
            DecisionLine(
                at: req.display($0.decidedAt), by: req.text(file.name($0.decidedBy)),
                outcome: req.text($0.outcome.title),
                threshold: req.text($0.threshold.title),
                rationale: $0.rationale, consulted: $0.consulted,
                review: $0.reviewDate.map { req.words.day($0) },
                advice: $0.advice.map {
                    req.text(
                        $0.childNamed ? "concern.adviceFrom" : "concern.adviceFromNoNames",
                        ["advice": .text($0.advice), "givenBy": .text($0.givenBy), "givenAt": .moment($0.givenAt)])
                }, shared: $0.outcomeSharedWithRecorder)
        }
        actions = file.actions.map {
            ActionLine(
                id: $0.id.description, description: $0.description, owner: req.text(file.name($0.owner)),
                due: req.words.day($0.dueOn),
                done: $0.completedAt != nil, overdue: $0.isOverdue(at: now, calendar: req.haven.calendar))
        }
        isLead = file.readerIsLead
        handles = file.readerHandles
        addsAddenda = file.readerHandles || req.signedIn?.person.id == concern.recordedBy
        delegate = file.delegate.map { req.text(file.name($0)) }
        self.managers = managers
        outcomes = TriageOutcome.allCases.map { Choice(value: $0.rawValue, title: req.text($0.title)) }
        thresholds = ThresholdLevel.allCases.map { Choice(value: $0.rawValue, title: req.text($0.title)) }
        reasons = AddendumReason.allCases.map { Choice(value: $0.rawValue, title: req.text($0.title)) }
        owners = people
    }
}
