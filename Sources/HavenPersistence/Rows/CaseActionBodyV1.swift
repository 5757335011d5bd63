import Foundation
import HavenDomain

/// How an action is kept in `case_actions.body`, version 1: the JSON written since actions were
/// first kept. It has its own type so that renaming or retyping a field of `CaseAction` cannot
/// silently change what is stored or stop older rows being read (`RowGoldenTests` decodes rows
/// as they were written). The due day is kept as midnight UTC, in milliseconds, as it always was.
struct CaseActionBodyV1: Codable {
    let id: CaseActionID
    let concernID: ConcernID
    let childID: ChildID
    let description: String
    let owner: PersonID
    let dueOn: Date
    let createdBy: PersonID
    let createdAt: Date
    let completedAt: Date?
    let completedBy: PersonID?

    init(_ action: CaseAction) {
        id = action.id
        concernID = action.concernID
        childID = action.childID
        description = action.description
        owner = action.owner
        dueOn = action.dueOn.midnightUTC
        createdBy = action.createdBy
        createdAt = action.createdAt
        completedAt = action.completedAt
        completedBy = action.completedBy
    }

    var action: CaseAction {
        CaseAction(
            id: id, concernID: concernID, childID: childID, description: description, owner: owner,
            dueOn: Day(utc: dueOn), createdBy: createdBy, createdAt: createdAt, completedAt: completedAt,
            completedBy: completedBy)
    }

    static func encode(_ action: CaseAction) throws -> String { try JSONColumn.encode(CaseActionBodyV1(action)) }
    static func decode(_ body: String) throws -> CaseAction {
        try JSONColumn.decode(CaseActionBodyV1.self, body).action
    }
}
