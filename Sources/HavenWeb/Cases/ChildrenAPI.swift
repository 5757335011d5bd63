import HavenDomain
import HavenFeatures
import Vapor

/// Issue 12.2 over the API (documented in OpenAPI/cases.json): finding children, the children
/// Haven proposes for a concern (each with its reason), linking a concern's child to a file,
/// merging two files and taking a record out again, and household links. The same use cases,
/// access rules and audit events as the pages.
struct ChildrenAPI {
    /// One child as a list gives them: enough to tell two children of one name apart.
    struct ChildOut: APIBody {
        let id: String
        let name: String
        let age: Int?
        let school: String?
        let lastConcernAt: Date?
        /// Beside a concern: why Haven proposes this child, as a fixed word and in words.
        let reason: String?
        let reasonText: String?

        init(_ summary: ChildSummary, reason: ChildMatchReason? = nil, req: Request) {
            id = summary.record.id.description
            name = summary.record.details.displayName
            age = summary.age
            school = summary.school
            lastConcernAt = summary.lastConcern
            self.reason = reason?.code
            reasonText = reason.map { req.text($0.words) }
        }
    }
    struct ListOut: APIBody {
        let children: [ChildOut]
        /// Where the next page starts (`?after=`), if there is one.
        let next: String?
    }
    struct SameChildOut: APIBody {
        let concernID: String
        let childID: String
        /// The file this concern's child is already kept in, when it has been linked.
        let keptIn: ChildOut?
        let proposals: [ChildOut]
        /// Children found by the name searched for (`?q=`).
        let found: [ChildOut]
    }
    struct FileChoice: Content {
        let childID: String?
    }
    struct OtherChild: Content {
        let otherChild: String?
    }
    struct MergedRecord: Content {
        let record: String?
    }

    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.on(.GET, "children", access: .permission(.viewChildFile), use: list)
        api.on(.GET, "concerns", ":concernID", "same-child", access: .permission(.manageCase), use: sameChild)
        api.on(.POST, "concerns", ":concernID", "child", access: .permission(.manageCase), use: link)
        api.on(.POST, "concerns", ":concernID", "child", "separate", access: .permission(.manageCase), use: unlink)
        api.on(.POST, "children", ":childID", "household", access: .permission(.manageCase), use: household)
        api.on(.POST, "children", ":childID", "merge", access: .permission(.manageCase), use: merge)
        api.on(.POST, "children", ":childID", "separate", access: .permission(.manageCase), use: separate)
    }

    static func search(_ req: Request) -> String? {
        (try? req.query.get(String.self, at: "q")).map { String($0.prefix(200)) }
    }

    @Sendable func list(_ req: Request) async throws -> ListOut {
        let page = try await ListChildren(req.haven)(
            after: try req.pageLink("after", ChildListPosition.init(token:)), named: Self.search(req),
            by: try req.actor)
        return ListOut(children: page.children.map { ChildOut($0, req: req) }, next: page.next?.token)
    }

    @Sendable func sameChild(_ req: Request) async throws -> SameChildOut {
        let id: ConcernID = try req.parameterID("concernID")
        let finding = try await SameChild(req.haven)(for: id, searching: Self.search(req), by: try req.actor)
        return SameChildOut(
            concernID: id.description, childID: finding.child.id.description,
            keptIn: finding.keptIn.map { ChildOut($0, req: req) },
            proposals: finding.proposals.map { ChildOut($0.child, reason: $0.reason, req: req) },
            found: finding.found.map { ChildOut($0.child, req: req) })
    }

    @Sendable func link(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        guard let file = try req.content.decode(FileChoice.self).childID.flatMap(ChildID.init(string:)) else {
            throw InvalidInput(field: "childID", "cases.otherChild.chooseAChildToLink")
        }
        try await SameChild(req.haven).link(id, to: file, by: try req.actor)
        return Response(status: .noContent)
    }

    @Sendable func unlink(_ req: Request) async throws -> Response {
        try await SameChild(req.haven).unlink(try req.parameterID("concernID"), by: try req.actor)
        return Response(status: .noContent)
    }

    static func otherChild(_ req: Request) throws -> ChildID {
        guard let other = try req.content.decode(OtherChild.self).otherChild.flatMap(ChildID.init(string:)) else {
            throw InvalidInput(field: "otherChild", "cases.otherChild.chooseAChildToLink")
        }
        return other
    }

    @Sendable func household(_ req: Request) async throws -> Response {
        try await LinkHousehold(req.haven)(
            try req.parameterID("childID"), with: try Self.otherChild(req), by: try req.actor)
        return Response(status: .noContent)
    }

    /// The other child's record goes into this file (the same child recorded twice).
    @Sendable func merge(_ req: Request) async throws -> Response {
        try await MergeChildFiles(req.haven).merge(
            try Self.otherChild(req), into: try req.parameterID("childID"), by: try req.actor)
        return Response(status: .noContent)
    }

    @Sendable func separate(_ req: Request) async throws -> Response {
        guard let record = try req.content.decode(MergedRecord.self).record.flatMap(ChildID.init(string:)) else {
            throw InvalidInput(field: "record", "cases.file.notMerged")
        }
        try await MergeChildFiles(req.haven).separate(record, from: try req.parameterID("childID"), by: try req.actor)
        return Response(status: .noContent)
    }
}
