import Foundation

/// R3.1: a concern waiting in the DSL's inbox.
public struct InboxEntry: Equatable, Sendable, Codable {
    public let concernID: ConcernID
    public let reference: String
    public let childID: ChildID
    public let childName: Words
    public let priority: ConcernPriority
    public let recordedAt: Date
    public let triageDue: Date
    public let isLate: Bool

    public init(
        concernID: ConcernID, reference: String, childID: ChildID, childName: Words, priority: ConcernPriority,
        recordedAt: Date, triageDue: Date, isLate: Bool
    ) {
        self.concernID = concernID
        self.reference = reference
        self.childID = childID
        self.childName = childName
        self.priority = priority
        self.recordedAt = recordedAt
        self.triageDue = triageDue
        self.isLate = isLate
    }
}

/// R3.1: how untriaged concerns are ordered and when each becomes late.
public enum TriageTarget {
    /// R3.1: a concern must be triaged by the end of the working day it arrived (plus any
    /// extra working days the organisation allows).
    public static func due(recordedAt: Date, targetWorkingDays: Int, calendar: WorkingDayCalendar) -> Date {
        calendar.deadline(workingDays: targetWorkingDays, after: recordedAt)
    }

    /// R2.3, R3.1 (issue 12.7): an urgent concern (a child in immediate danger) is due by the end
    /// of the day it was recorded, where the organisation is, whatever extra working days the
    /// organisation allows others and even on a weekend or a bank holiday; any other by `due`.
    public static func due(
        recordedAt: Date, priority: ConcernPriority, targetWorkingDays: Int, calendar: WorkingDayCalendar
    ) -> Date {
        let due = due(recordedAt: recordedAt, targetWorkingDays: targetWorkingDays, calendar: calendar)
        return priority == .urgent ? min(due, calendar.endOf(calendar.day(of: recordedAt))) : due
    }

    /// Issue 12.7: the moment from which an urgent concern still waiting is not yet late at
    /// `now`: every one recorded before today began (where the organisation is) is late.
    public static func urgentLateIfRecordedBefore(now: Date, calendar: WorkingDayCalendar) -> Date {
        calendar.endOf(calendar.day(of: now).adding(days: -1))
    }

    /// Issue 12.7: the moment from which a concern still waiting is not yet late at `now`: every
    /// concern recorded before it is late (`now` is at or past its deadline), none recorded at or
    /// after it is. A later concern never has an earlier deadline, so the moment is found by
    /// halving the ten years before `now` down to a millisecond.
    public static func lateIfRecordedBefore(now: Date, targetWorkingDays: Int, calendar: WorkingDayCalendar) -> Date {
        var early = now.addingTimeInterval(-10 * 366 * 86_400)
        var late = now.addingTimeInterval(0.001)
        guard due(recordedAt: early, targetWorkingDays: targetWorkingDays, calendar: calendar) <= now else {
            return early
        }
        while late.timeIntervalSince(early) > 0.001 {
            let middle = Date(millis: (early.millis + late.millis) / 2)
            if middle == early || middle == late { break }
            if due(recordedAt: middle, targetWorkingDays: targetWorkingDays, calendar: calendar) <= now {
                early = middle
            } else {
                late = middle
            }
        }
        return late
    }

    /// R3.1: most urgent first; within a priority, the oldest first.
    public static func ordered(_ entries: [InboxEntry]) -> [InboxEntry] {
        entries.sorted { ($0.priority, $0.recordedAt) < ($1.priority, $1.recordedAt) }
    }
}
