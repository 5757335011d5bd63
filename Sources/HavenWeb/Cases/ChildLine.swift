import HavenDomain
import HavenFeatures
import Vapor

/// Issue 12.2: one child in a list: enough to tell two children of one name apart (age, school,
/// when a concern was last recorded) and, beside a concern, why Haven proposes them.
struct ChildLine: Encodable {
    let id: String
    let name: String
    let age: String?
    let school: String?
    let lastConcern: String?
    let reason: String?

    init(_ summary: ChildSummary, reason: ChildMatchReason? = nil, req: Request) {
        id = summary.record.id.description
        name = req.text(summary.record.details.shownName)
        age = summary.age.map(String.init)
        school = summary.school
        lastConcern = summary.lastConcern.map { req.words.day(req.haven.calendar.day(of: $0)) }
        self.reason = reason.map { req.text($0.words) }
    }
}
