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

    /// R3.1: most urgent first; within a priority, the oldest first.
    public static func ordered(_ entries: [InboxEntry]) -> [InboxEntry] {
        entries.sorted { ($0.priority, $0.recordedAt) < ($1.priority, $1.recordedAt) }
    }
}
