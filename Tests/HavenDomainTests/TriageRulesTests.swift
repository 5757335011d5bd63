import Foundation
import Testing

@testable import HavenDomain

@Suite("R3.1–R3.3 triage, actions, chronology")
struct TriageRulesTests {
    let now = utc("2026-11-23T12:00:00Z")

    func validate(
        outcome: String? = "no_further_action", rationale: String? = "Because", threshold: String? = "universal",
        consulted: String? = "nobody", review: String? = nil, by: String? = nil, at: String? = nil,
        advice: String? = nil
    ) throws -> TriageInput {
        try TriageInput.validated(
            outcome: outcome, rationale: rationale, threshold: threshold, consulted: consulted, reviewDate: review,
            adviceGivenBy: by, adviceGivenAt: at, advice: advice, shareWithRecorder: nil, now: now,
            timeZone: TimeZone(identifier: "Europe/London")!)
    }

    func fields(_ body: () throws -> TriageInput) -> [String] {
        do {
            _ = try body()
            return []
        } catch let error as InvalidInput { return error.errors.map(\.field) } catch { return ["?"] }
    }

    @Test func aRationaleIsRequiredEvenForNoFurtherAction() {
        #expect(fields { try validate(rationale: "  ") } == ["rationale"])
        #expect(
            fields { try validate(outcome: nil, rationale: nil, threshold: nil, consulted: nil) } == [
                "outcome", "rationale", "threshold", "consulted",
            ])
    }

    @Test func keepUnderReviewNeedsAReviewDate() throws {
        #expect(fields { try validate(outcome: "keep_under_review") } == ["reviewDate"])
        #expect(fields { try validate(outcome: "keep_under_review", review: "2026-13-01") } == ["reviewDate"])
        #expect(
            try validate(outcome: "keep_under_review", review: "2026-12-01").reviewDate == Day(2026, 12, 1))
    }

    @Test func adviceSoughtRecordsWhoAndWhat() throws {
        #expect(fields { try validate(outcome: "advice_sought") } == ["adviceGivenBy", "advice"])
        let input = try validate(outcome: "advice_sought", by: "Front door duty worker", advice: "Refer in writing")
        #expect(input.advice?.givenBy == "Front door duty worker")
        #expect(input.advice?.givenAt == now)
    }

    /// When advice was given: a local time is read where the organisation is (London: an hour
    /// ahead of UTC in summer), a time with an offset as it says; anything else, or a time more
    /// than a few minutes ahead of now, is refused naming the field.
    static let sentTimes: [(String, String?)] = [
        ("2026-07-01T10:00", "2026-07-01T09:00:00Z"),
        ("2026-07-01 10:00", "2026-07-01T09:00:00Z"),
        ("2026-11-23T11:30:15", "2026-11-23T11:30:15Z"),
        ("2026-07-01T10:00:00+01:00", "2026-07-01T09:00:00Z"),
        ("2026-07-01T09:00:00Z", "2026-07-01T09:00:00Z"),
        ("  2026-11-23T12:04  ", "2026-11-23T12:04:00Z"),
        ("2026-11-23T12:10", nil),
        ("2027-01-01T09:00:00Z", nil),
        ("last Tuesday", nil),
        ("2026-02-30T10:00", nil),
        ("2026-11-23", nil),
        ("2026-11-23T25:00", nil),
        ("1899-12-31T23:00:00Z", nil),
        ("1900-01-01T00:00:00Z", "1900-01-01T00:00:00Z"),
    ]

    @Test(arguments: sentTimes)
    func adviceTimes(sent: String, meant: String?) throws {
        func sought() throws -> TriageInput {
            try validate(outcome: "advice_sought", by: "Front door duty worker", at: sent, advice: "Refer in writing")
        }
        if let meant {
            #expect(try sought().advice?.givenAt == utc(meant), "\(sent)")
        } else {
            #expect(fields { try sought() } == ["adviceGivenAt"], "\(sent)")
        }
    }

    @Test func inboxOrdersByPriorityThenAge() {
        func entry(_ n: Int, _ priority: ConcernPriority, _ minutes: Double) -> InboxEntry {
            InboxEntry(
                concernID: ConcernID(pid(n).rawValue), reference: "R\(n)", childID: ChildID(pid(n).rawValue),
                childName: .verbatim(""),
                priority: priority, recordedAt: now.addingTimeInterval(minutes * 60), triageDue: now, isLate: false)
        }
        let ordered = TriageTarget.ordered([
            entry(1, .normal, 0), entry(2, .urgent, 10), entry(3, .high, 5), entry(4, .normal, -5),
            entry(5, .urgent, -1),
        ])
        #expect(ordered.map(\.reference) == ["R5", "R2", "R3", "R4", "R1"])
    }

    /// An action due on a day is overdue from the midnight that ends that day where the
    /// organisation is: in summer that is 23:00 UTC, not 01:00 the next morning.
    @Test(arguments: [
        (Day(2026, 11, 23), "2026-11-23T23:59:00Z", false), (Day(2026, 11, 23), "2026-11-24T00:00:00Z", true),
        (Day(2026, 7, 10), "2026-07-10T22:59:59Z", false), (Day(2026, 7, 10), "2026-07-10T23:00:00Z", true),
        (Day(2026, 3, 28), "2026-03-28T23:59:59Z", false), (Day(2026, 3, 28), "2026-03-29T00:00:00Z", true),
        (Day(2026, 10, 24), "2026-10-24T22:59:59Z", false), (Day(2026, 10, 24), "2026-10-24T23:00:00Z", true),
    ])
    func actionsBecomeOverdueAtLocalMidnight(_ due: Day, _ at: String, _ overdue: Bool) {
        let action = CaseAction(
            id: CaseActionID(pid(1).rawValue), concernID: ConcernID(pid(2).rawValue), childID: ChildID(pid(3).rawValue),
            description: "Call", owner: pid(4), dueOn: due, createdBy: pid(4), createdAt: now)
        let calendar = WorkingDayCalendar()
        #expect(action.isOverdue(at: utc(at), calendar: calendar) == overdue)
        var done = action
        done.completedAt = now
        #expect(!done.isOverdue(at: utc(at), calendar: calendar))
    }

    /// Issue 12: a review date or an action's due date already gone is a slip (a year typed
    /// wrong, a form from last week): it is refused, naming the field, not kept to be late at
    /// once. Today counts where the organisation is: at 23:30 UTC in summer it is already tomorrow
    /// in London.
    @Test(arguments: [
        ("2026-11-22", "2026-11-23T12:00:00Z", false), ("2026-11-23", "2026-11-23T12:00:00Z", true),
        ("2026-11-24", "2026-11-23T12:00:00Z", true), ("2025-11-23", "2026-11-23T12:00:00Z", false),
        ("2026-07-10", "2026-07-10T23:30:00Z", false), ("2026-07-11", "2026-07-10T23:30:00Z", true),
        ("2026-12-31", "2026-12-31T23:59:00Z", true),
    ])
    func datesAheadMustNotHavePassed(_ day: String, _ at: String, _ accepted: Bool) {
        let review = fields {
            try TriageInput.validated(
                outcome: "keep_under_review", rationale: "Because", threshold: "universal", consulted: "nobody",
                reviewDate: day, adviceGivenBy: nil, adviceGivenAt: nil, advice: nil, shareWithRecorder: nil,
                now: utc(at), timeZone: TimeZone(identifier: "Europe/London")!)
        }
        #expect(review == (accepted ? [] : ["reviewDate"]))
        let today = WorkingDayCalendar().day(of: utc(at))
        var refused: [String] = []
        do {
            _ = try CaseAction.validate(
                description: "Call", owner: nil, dueOn: day, defaultOwner: pid(4), today: today)
        } catch let error as InvalidInput { refused = error.errors.map(\.field) } catch {}
        #expect(refused == (accepted ? [] : ["dueOn"]))
    }

    /// Days are written exactly YYYY-MM-DD and must exist.
    @Test func daysAreReadExactly() {
        #expect(Day(iso: "2026-12-01") == Day(2026, 12, 1))
        #expect(Day(iso: "2028-02-29") == Day(2028, 2, 29))
        #expect(Day(iso: "2026-12-01")?.iso == "2026-12-01")
        for bad in [
            "", "2026-2-1", "2026-02-30", "2027-02-29", "2026-13-01", "1899-12-31", "2201-01-01", "2026-12-01T00:00",
            " 2026-12-01", "2026/12/01", "２０２６-12-01", "2026-1２-01", "+026-12-01", "2026-00-10", "2026-12-00",
        ] {
            #expect(Day(iso: bad) == nil, "accepted \(bad.debugDescription)")
        }
        #expect(Day(utc: utc("2026-12-07T00:00:00Z")) == Day(2026, 12, 7))
        #expect(Day(2026, 12, 7).midnightUTC == utc("2026-12-07T00:00:00Z"))
    }

    /// A page link carries where the last page ended; anything Haven did not write is refused.
    @Test func aChronologyPageLinkIsReadBackExactlyOrNotAtAll() {
        let line = ChronologyLine(
            at: Date(millis: 1_764_000_000_123), kind: .triageDecision, recordID: pid(1).description,
            concernID: ConcernID(pid(2).rawValue))
        #expect(line.position.token == "1764000000123.400.\(pid(1).description)")
        #expect(ChronologyPosition(token: line.position.token) == line.position)
        for hostile in [
            "", "1.2", "1.2.3.4", "-1.400.abc", "1.-4.abc", "1.400.", "01.400.abc", "1.400.ab c", "1.400.ab/c",
            "1.400.%0d%0a", "1.400.ab\u{0}", "1.400.\u{0661}", "1.400." + String(repeating: "a", count: 200),
            "99999999999999999999.400.abc", "1.400.é",
        ] {
            #expect(ChronologyPosition(token: hostile) == nil, "accepted \(hostile.debugDescription)")
        }
    }
}

@Suite("R7.7 the reason for opening a child's file")
struct FileOpeningReasonTests {
    @Test(
        arguments: [
            (nil, nil, "reason"),
            ("  ", nil, "reason"),
            ("nosiness", nil, "reason"),
            ("other", nil, "reasonNote"),
            ("other", "   ", "reasonNote"),
            ("case_review", String(repeating: "a", count: 201), "reasonNote"),
        ] as [(String?, String?, String)])
    func incompleteAnswersNameTheField(_ purpose: String?, _ note: String?, _ field: String) {
        let error = #expect(throws: InvalidInput.self) {
            _ = try FileOpeningReason.validated(purpose: purpose, note: note)
        }
        #expect(error?.errors.map(\.field) == [field])
    }

    /// The audit trail keeps the reason's name and the note; the access log shows them in the
    /// reader's language, and a reason recorded in English before the catalogue as it was.
    @Test(
        arguments: [
            ("new_concern", nil, "new_concern", "Deciding what to do about a new concern"),
            (
                "referral", " Strategy meeting ", "referral: Strategy meeting",
                "Preparing a referral or sharing information with another agency: Strategy meeting"
            ),
            (
                "other", "Asked by the head teacher", "other: Asked by the head teacher",
                "Something else: Asked by the head teacher"
            ),
            (
                "case_review", String(repeating: "a", count: 200), "case_review: " + String(repeating: "a", count: 200),
                "Reviewing the case, its actions or review date: " + String(repeating: "a", count: 200)
            ),
        ] as [(String, String?, String, String)])
    func completeAnswersAreKeptAsText(_ purpose: String, _ note: String?, _ recorded: String, _ shown: String) throws {
        let reason = try FileOpeningReason.validated(purpose: purpose, note: note)
        #expect(reason.text == recorded)
        let english = try Catalogues.bundled().english
        #expect(english.text(FileOpeningReason.words(recorded: reason.text), timeZone: .gmt) == shown)
        #expect(
            english.text(FileOpeningReason.words(recorded: "Supervision: as it was"), timeZone: .gmt)
                == "Supervision: as it was")
    }
}

/// Issue 12.7: the dashboard counts late concerns from one moment: those recorded before it are
/// late, none after it is; the same answer as each concern's own deadline.
@Suite("Issue 12.7 late from one moment")
struct LateMomentTests {
    @Test(arguments: [0, 1, 2])
    func theMomentAgreesWithEachDeadline(target: Int) throws {
        let calendar = WorkingDayCalendar(timeZone: TimeZone(identifier: "Europe/London")!)
        // Each hour of a fortnight, as now: Wednesday to the Wednesday after next.
        let start = utc("2026-11-18T00:30:00Z")
        for hour in stride(from: 0, to: 14 * 24, by: 5) {
            let now = start.addingTimeInterval(Double(hour) * 3600)
            let moment = TriageTarget.lateIfRecordedBefore(now: now, targetWorkingDays: target, calendar: calendar)
            for back in stride(from: 0, to: 10 * 24 * 60, by: 97) {
                let recorded = now.addingTimeInterval(-Double(back) * 60)
                let late = now >= TriageTarget.due(recordedAt: recorded, targetWorkingDays: target, calendar: calendar)
                #expect(
                    (recorded.millis < moment.millis) == late,
                    "now \(now), recorded \(recorded), target \(target)")
            }
        }
    }

    /// Issue 12.7: an urgent concern's moment agrees with its own deadline (the end of the day it
    /// was recorded), at every hour of a fortnight with a weekend in it.
    @Test(arguments: [0, 2])
    func theUrgentMomentAgreesWithEachUrgentDeadline(target: Int) throws {
        let calendar = WorkingDayCalendar(timeZone: TimeZone(identifier: "Europe/London")!)
        let start = utc("2026-11-18T00:30:00Z")
        for hour in stride(from: 0, to: 14 * 24, by: 5) {
            let now = start.addingTimeInterval(Double(hour) * 3600)
            let moment = TriageTarget.urgentLateIfRecordedBefore(now: now, calendar: calendar)
            for back in stride(from: 0, to: 10 * 24 * 60, by: 97) {
                let recorded = now.addingTimeInterval(-Double(back) * 60)
                let due = TriageTarget.due(
                    recordedAt: recorded, priority: .urgent, targetWorkingDays: target, calendar: calendar)
                #expect((recorded.millis < moment.millis) == (now >= due), "now \(now), recorded \(recorded)")
            }
        }
    }
}

/// R2.3, R3.1 (issue 12.7): a child in immediate danger does not wait for working days. An urgent
/// concern is due by the end of the day it was recorded where the organisation is, on a Saturday
/// or a bank holiday too and whatever extra days the organisation allows; others keep theirs.
@Suite("Issue 12.7 urgent concerns are due the same day")
struct UrgentDeadlineTests {
    static let cases: [(recorded: String, priority: ConcernPriority, target: Int, due: String)] = [
        // Saturday morning: urgent by Saturday's end, high by Monday's.
        ("2026-11-21T10:00:00Z", .urgent, 0, "2026-11-22T00:00:00Z"),
        ("2026-11-21T10:00:00Z", .high, 0, "2026-11-24T00:00:00Z"),
        // A Wednesday with two extra working days allowed.
        ("2026-11-18T16:00:00Z", .urgent, 2, "2026-11-19T00:00:00Z"),
        ("2026-11-18T16:00:00Z", .normal, 2, "2026-11-21T00:00:00Z"),
        // Christmas Day, and a summer evening (midnight in London is 23:00 UTC).
        ("2026-12-25T09:00:00Z", .urgent, 0, "2026-12-26T00:00:00Z"),
        ("2026-07-10T21:30:00Z", .urgent, 0, "2026-07-10T23:00:00Z"),
        ("2026-07-10T23:30:00Z", .urgent, 0, "2026-07-11T23:00:00Z"),
    ]

    @Test(arguments: 0..<cases.count)
    func dueBy(index: Int) {
        let (recorded, priority, target, due) = Self.cases[index]
        let calendar = WorkingDayCalendar(timeZone: TimeZone(identifier: "Europe/London")!)
        #expect(
            TriageTarget.due(
                recordedAt: utc(recorded), priority: priority, targetWorkingDays: target, calendar: calendar)
                == utc(due))
    }
}
