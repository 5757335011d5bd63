import Foundation

public enum CaseActionTag {}
public typealias CaseActionID = Identifier<CaseActionTag>

/// R3.3: a follow-up task arising from a decision, with an owner and a due date.
public struct CaseAction: Equatable, Sendable {
    public let id: CaseActionID
    public let concernID: ConcernID
    public let childID: ChildID
    public let description: String
    /// Who is to do it; the DSL hands it on when its owner leaves (R1.2).
    public var owner: PersonID
    public let dueOn: Day
    public let createdBy: PersonID
    public let createdAt: Date
    public var completedAt: Date?
    /// Who marked it done (not always its owner: a DSL may complete an action for someone).
    /// Absent on actions completed before Haven recorded it.
    public var completedBy: PersonID?

    public init(
        id: CaseActionID, concernID: ConcernID, childID: ChildID, description: String, owner: PersonID,
        dueOn: Day, createdBy: PersonID, createdAt: Date, completedAt: Date? = nil, completedBy: PersonID? = nil
    ) {
        self.id = id
        self.concernID = concernID
        self.childID = childID
        self.description = description
        self.owner = owner
        self.dueOn = dueOn
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.completedBy = completedBy
    }

    /// R3.3: an action is overdue once its due day has passed without completion: from the
    /// midnight that ends it where the organisation is.
    public func isOverdue(at now: Date, calendar: WorkingDayCalendar) -> Bool {
        completedAt == nil && now >= calendar.endOf(dueOn)
    }

    /// N2: an action needs a description, an owner (the person setting it, if none is chosen)
    /// and a real due date, not before `today` where the organisation is.
    public static func validate(
        description: String?, owner: String?, dueOn: String?, defaultOwner: PersonID, today: Day
    ) throws -> (String, PersonID, Day) {
        var errors: [FieldError] = []
        let text = cleaned(description)
        if text == nil {
            errors.append(.init(field: "description", message: Words("cases.description.describeWhatNeedsDoing")))
        }
        let ownerID = cleaned(owner) == nil ? defaultOwner : owner.flatMap(PersonID.init(string:))
        if ownerID == nil {
            errors.append(.init(field: "owner", message: Words("cases.owner.chooseWhoOwnsThisAction")))
        }
        let due = dueOn.flatMap { Day(iso: $0.trimmingCharacters(in: .whitespaces)) }
        if due == nil {
            errors.append(.init(field: "dueOn", message: Words("cases.dueOn.enterTheDueDateAs")))
        } else if let due, due < today {
            errors.append(.init(field: "dueOn", message: Words("cases.dueOn.notBeforeToday")))
        }
        try InvalidInput.check(errors)
        return (text!, ownerID!, due!)
    }
}
