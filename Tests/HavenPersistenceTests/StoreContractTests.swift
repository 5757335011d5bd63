import Fluent
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing

/// The store contract, run on a fresh SQLite file and a fresh PostgreSQL database.
@Suite("Stores on SQLite and PostgreSQL")
struct StoreContractTests {
    @Test(arguments: TestDatabaseKind.available)
    func aRecordedConcernReadsBackWhole(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let recorded = try await haven.recordConcern(
                about: "Quilla Storecontract", categories: [.neglect, .onlineAbuse], immediateDanger: true)
            let id = recorded.receipt.concernID
            let concern = try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(id) }
            #expect(concern?.content.child.name == "Quilla Storecontract")
            #expect(concern?.content.categories == [.neglect, .onlineAbuse])
            #expect(concern?.priority == .urgent)
            #expect(concern?.recordedAt == haven.clock.now())
            #expect(concern?.route.handler == haven.people["dsl"]!.id)
            // Immediate danger also alerts the deputy and the most senior manager.
            #expect(
                Set(concern?.route.recipients ?? [])
                    == Set([
                        haven.people["dsl"]!.id, haven.people["deputy_dsl"]!.id,
                        haven.people["department_director"]!.id,
                    ]))
            let alerts = try await haven.env.unitOfWork.read { tx in
                try await tx.alerts.alerts(for: haven.people["dsl"]!.id, limit: 10)
            }
            #expect(alerts.map(\.concernID) == [id])
            let outbox = try await haven.env.unitOfWork.read { tx in
                try await tx.alerts.dueEmails(at: haven.clock.now(), limit: 10)
            }
            #expect(outbox.count == 3)
            #expect(outbox.allSatisfy { !$0.body.contains("Quilla") && !$0.subject.contains("Quilla") })
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func addendaDecisionsActionsAndHouseholdsRoundTrip(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let first = try await haven.recordConcern(about: "Rowan Roundtrip").receipt.concernID
            let second = try await haven.recordConcern(about: "Sasha Roundtrip").receipt.concernID
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            _ = try await AddAddendum(haven.env)(
                to: first, reason: "correction", text: "It was Tuesday, not Monday", by: dsl)
            let input = try TriageInput.validated(
                outcome: "keep_under_review", rationale: "Watch closely", threshold: "additional",
                consulted: "Deputy", reviewDate: "2027-01-05", adviceGivenBy: nil, adviceGivenAt: nil,
                advice: nil, shareWithRecorder: "Thanks", now: haven.clock.now(), timeZone: haven.env.calendar.timeZone)
            _ = try await TriageConcern(haven.env)(first, input, by: dsl)
            let action = try await SetAction(haven.env)(
                on: first, description: "Phone school", owner: dsl.person.description, dueOn: "2027-01-02", by: dsl)
            _ = try await CompleteAction(haven.env)(action.id, by: dsl)
            let file = try await ReadConcern(haven.env)(first, by: dsl)
            #expect(file.addenda.map(\.text) == ["It was Tuesday, not Monday"])
            #expect(file.decisions.map(\.outcome) == [.keepUnderReview])
            #expect(file.decisions.first?.reviewDate == Day(2027, 1, 5))
            #expect(file.actions.count == 2)  // the review action and the phone call
            #expect(file.actions.first { $0.description == "Phone school" }?.completedAt == haven.clock.now())
            let inbox = try await ViewInbox(haven.env)(by: dsl)
            #expect(inbox.entries.map(\.concernID) == [second])
            let childA = file.child.id
            let childB = try await ReadConcern(haven.env)(second, by: dsl).child.id
            try await LinkHousehold(haven.env)(childA, with: childB, by: dsl)
            try await LinkHousehold(haven.env)(childB, with: childA, by: dsl)
            let household = try await haven.env.unitOfWork.read { tx in try await tx.cases.household(of: childB) }
            #expect(household == [childA])
            let passwordOnly = try await ViewReceipt(haven.env)(
                first, by: Actor(person: haven.people["reporter"]!.id, roles: [.reporter], secondFactorPassed: false))
            #expect(passwordOnly.sharedOutcome == nil && passwordOnly.outcomeNeedsSecondFactor)
            let receipt = try await ViewReceipt(haven.env)(
                first, by: Actor(person: haven.people["reporter"]!.id, roles: [.reporter], secondFactorPassed: true))
            #expect(receipt.sharedOutcome == "Thanks" && !receipt.outcomeNeedsSecondFactor)
            #expect(receipt.receivedBy == "Fixture dsl")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aFailedUnitLeavesNothingBehind(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            struct Boom: Error {}
            let before = try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() }
            await #expect(throws: Boom.self) {
                try await haven.env.unitOfWork.write { tx in
                    try await tx.audit(AuditEntry(actor: nil, action: .concernRead))
                    try await tx.organisation.saveSharedInbox("team@example.test")
                    throw Boom()
                }
            }
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == before)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.organisation.sharedInbox() } == nil)
            let verification = try await HavenDatabase.verifyAudit(
                haven.app.db(HavenDatabase.id), chain: AuditChain(key: haven.auditKey), anchor: haven.anchor)
            #expect(verification.fault == nil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func concurrentWritesShareCommitsAndFailuresStayIsolated(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            struct Refused: Error {}
            let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
                for index in 0..<40 {
                    group.addTask {
                        do {
                            if index % 10 == 3 {
                                try await haven.env.unitOfWork.write { tx in
                                    try await tx.audit(
                                        AuditEntry(
                                            actor: nil, action: .concernRead, subjectType: .concern,
                                            subjectID: "refused-\(index)"))
                                    throw Refused()
                                }
                            }
                            try await haven.recordConcern(about: "Parallel \(index)")
                            return true
                        } catch { return false }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 36)
            // Group commit: units that queued while a commit was syncing shared the next one.
            let statistics = await (haven.env.unitOfWork as! FluentUnitOfWork).writerStatistics()
            #expect(statistics.batches < statistics.units)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == 36)
            let verification = try await HavenDatabase.verifyAudit(
                haven.app.db(HavenDatabase.id), chain: AuditChain(key: haven.auditKey), anchor: haven.anchor)
            #expect(verification.fault == nil)
            #expect(verification.eventsChecked > 36)
        }
    }

    /// At shutdown the writer closes: what was committed stays, and a later unit is refused
    /// with a reason instead of hanging or writing through a closed connection.
    @Test(arguments: TestDatabaseKind.available)
    func aClosedWriterRefusesNewWorkAndKeepsWhatItCommitted(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            try await haven.recordConcern(about: "Before Closing")
            (haven.env.unitOfWork as! FluentUnitOfWork).close()
            await #expect(throws: PersistenceError.writerClosed) {
                try await haven.recordConcern(about: "After Closing")
            }
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == 1)
        }
    }
}

@Suite("R1.3 routing with availability, on both databases")
struct RoutingStoreTests {
    /// Inserts inside a batch are held and sent together: a unit still reads back what it just
    /// wrote, and a row the database refuses (a duplicate key) fails only the unit that wrote it.
    @Test(arguments: TestDatabaseKind.available)
    func heldInsertsAreReadBackAndARefusedRowFailsOnlyItsUnit(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let original = try await haven.recordConcern(about: "Original")
            let stored = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(original.receipt.concernID) })
            let child = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.child(stored.childID) })
            let readBack = try await haven.env.unitOfWork.write { tx in
                let copy = Concern(
                    id: ConcernID(UUID()), childID: ChildID(UUID()), recordedBy: stored.recordedBy,
                    recordedAt: stored.recordedAt,
                    content: stored.content, route: stored.route)
                try await tx.concerns.insert(
                    copy, child: ChildRecord(id: copy.childID, details: child.details, createdAt: child.createdAt),
                    linkedChildren: [])
                return try await tx.concerns.find(copy.id)?.id == copy.id
            }
            #expect(readBack)
            let before = try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() }
            let outcomes = await withTaskGroup(of: (Int, Bool).self, returning: [Int: Bool].self) { group in
                for index in 0..<24 {
                    group.addTask {
                        do {
                            if index == 7 {
                                // The same concern id again: refused by the database's primary key.
                                try await haven.env.unitOfWork.write { tx in
                                    try await tx.concerns.insert(
                                        stored,
                                        child: ChildRecord(
                                            id: ChildID(UUID()), details: child.details, createdAt: child.createdAt),
                                        linkedChildren: [])
                                }
                            } else {
                                _ = try await haven.recordConcern(about: "Batch \(index)")
                            }
                            return (index, true)
                        } catch { return (index, false) }
                    }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes[7] == false)
            #expect(outcomes.filter { $0.value }.count == 23)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == before + 23)
            let children = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.children(after: nil, limit: 10_000)
            }
            // the original and the read-back copy
            #expect(children.filter { $0.details.name == child.details.name }.count == 2)
            let verification = try await HavenDatabase.verifyAudit(
                haven.app.db(HavenDatabase.id), chain: AuditChain(key: haven.auditKey), anchor: haven.anchor)
            #expect(verification.fault == nil)
        }
    }

    /// An append-only unit runs before the writer, so it is given no way to read (a read inside
    /// one does not compile). One that fails is refused whole: nothing it added, nor its audit
    /// event, is stored.
    @Test(arguments: TestDatabaseKind.available)
    func anAppendOnlyUnitThatFailsIsRefusedWhole(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            _ = try await haven.recordConcern(about: "Appended")
            let eventsBefore = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 10_000).count
            }
            let concernsBefore = try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() }
            await #expect(throws: AccessError.forbidden) {
                try await haven.env.unitOfWork.append { tx in
                    try await tx.audit(
                        AuditEntry(actor: nil, action: .concernRead, subjectType: .concern, subjectID: "append-read"))
                    throw AccessError.forbidden
                }
            }
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.auditLog.events(after: 0, limit: 10_000).count
                } == eventsBefore)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == concernsBefore)
            // Appended events carry the time they were made and chain after everything before them.
            _ = try await haven.recordConcern(about: "Appended again")
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 10_000)
            }
            #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
            let verification = try await HavenDatabase.verifyAudit(
                haven.app.db(HavenDatabase.id), chain: AuditChain(key: haven.auditKey), anchor: haven.anchor)
            #expect(verification.fault == nil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func anAwayDSLIsSkippedAndTheStepRecorded(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let dsl = haven.people["dsl"]!.id
            let deputy = haven.people["deputy_dsl"]!.id
            try await SetAvailability(haven.env)(
                unavailable: true, by: Actor(person: dsl, roles: [.dsl], secondFactorPassed: false))
            let receipt = try await haven.recordConcern(about: "Away Child").receipt
            #expect(receipt.receivedBy == "Fixture deputy_dsl")
            let concern = try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(receipt.concernID) }
            #expect(
                concern?.route.steps == [
                    RoutingStep(person: dsl, link: .dsl, outcome: .skippedUnavailable),
                    RoutingStep(person: deputy, link: .deputy, outcome: .chosen),
                ])
            let admin = Actor(
                person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
            // R1.2: who receives concerns changes only once a DSL approves.
            let approval = try #require(
                try await ManageOrganisation(haven.env).saveRouting(
                    choice: 1, sharedInbox: "team@example.test", by: admin))
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.organisation.routingChain() }
                    != RoutingLink.choices[1])
            try await Approvals(haven.env).decide(
                approval, approve: true, by: Actor(person: dsl, roles: [.dsl], secondFactorPassed: true))
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.organisation.routingChain() }
                    == RoutingLink.choices[1])
            try await SetAvailability(haven.env)(
                unavailable: true, by: Actor(person: deputy, roles: [.deputyDSL], secondFactorPassed: false))
            let next = try await haven.recordConcern(about: "Senior Child").receipt
            #expect(next.receivedBy == "Fixture department_director")
            let emails = try await haven.env.unitOfWork.read { tx in
                try await tx.alerts.dueEmails(at: haven.clock.now(), limit: 50)
            }
            #expect(emails.contains { $0.to == "team@example.test" && $0.body.contains(next.reference) })
        }
    }
}

@Suite("R1.1 sites with their own designated lead, on both databases")
struct SiteRoutingTests {
    @Test(arguments: TestDatabaseKind.available)
    func aSitesLeadIsAlertedFirst(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let admin = Actor(
                person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
            // Issue 12.3: someone who could not open what they are sent cannot lead a site.
            do {
                _ = try await ManageOrganisation(haven.env).saveSite(
                    name: "Riverside Pre-school", designatedLead: haven.people["activity_lead"]!.id.description,
                    by: admin)
                Issue.record("an activity lead was made a site's lead")
            } catch let error as InvalidInput { #expect(error.errors.map(\.field) == ["designatedLead"]) }
            let leadID = haven.people["deputy_dsl"]!.id
            let (site, approval) = try await ManageOrganisation(haven.env).saveSite(
                name: "Riverside Pre-school", designatedLead: leadID.description, by: admin)
            #expect(site.designatedLead == nil)
            try await Approvals(haven.env).decide(
                try #require(approval), approve: true,
                by: Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true))
            let recorder = Actor(person: haven.people["reporter"]!.id, roles: [.reporter], secondFactorPassed: false)
            func record(_ siteID: SiteID?) async throws -> ConcernReceipt {
                try await RecordConcern(haven.env)(
                    ConcernDraft(
                        child: ChildDetails(name: "Site Child"), howItArose: .observed,
                        account: "Crying at drop-off and flinched when touched.", site: siteID), by: recorder
                ).receipt
            }
            let first = try await record(site.id)
            #expect(first.receivedBy == "Fixture deputy_dsl")
            // The DSL hears of it too.
            let routed = try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(first.concernID) }
            #expect(routed?.route.recipients == [leadID, haven.people["dsl"]!.id])
            #expect(try await record(nil).receivedBy == "Fixture dsl")
            try await SetAvailability(haven.env)(
                unavailable: true,
                by: Actor(person: leadID, roles: [.deputyDSL], secondFactorPassed: false))
            let away = try await record(site.id)
            #expect(away.receivedBy == "Fixture dsl")
            let stored = try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(away.concernID) }
            #expect(
                stored?.route.steps.first == RoutingStep(person: leadID, link: .siteLead, outcome: .skippedUnavailable))
            do {
                _ = try await record(SiteID(UUID()))
                Issue.record("a concern named a site that does not exist")
            } catch let error as InvalidInput { #expect(error.errors.map(\.field) == ["site"]) }
        }
    }
}
