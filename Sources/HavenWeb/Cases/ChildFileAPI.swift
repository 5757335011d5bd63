import HavenDomain
import HavenFeatures
import Vapor

/// A child's file over the API (documented in OpenAPI/cases.json): opening it with a reason,
/// its chronology during the visit, and who has opened it. The same use cases and access rules
/// as the pages.
struct ChildFileAPI {
    struct ChronologyOut: APIBody {
        struct Entry: APIBody {
            let at: Date
            let kind: String
            let concernID: String
            let reference: String
            let summary: String
            let detail: String?
            let by: String
            let categories: [String]
        }
        struct Relative: APIBody {
            let id: String
            let name: String
        }
        let childID: String
        let childName: String
        let entries: [Entry]
        let household: [Relative]
        /// Where the next page starts (`?after=`), if there is one.
        let next: String?
    }
    struct AccessLogOut: APIBody {
        struct Line: APIBody {
            let at: Date
            let who: String
            let action: String
            let subject: String
            let reason: String?
        }
        let childID: String
        let lines: [Line]
        /// The `before` that reads the next (older) page, if there is one.
        let next: String?
    }

    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.on(.POST, "children", ":childID", "openings", access: .permission(.viewChildFile), use: open)
        api.on(.GET, "children", ":childID", "chronology", access: .permission(.viewChildFile), use: chronology)
        api.on(.GET, "children", ":childID", "access-log", access: .permission(.viewAccessLog), use: accessLog)
    }

    /// Issue 12.8, R7.7: a file is opened with a reason sent in the body (never the address,
    /// which reaches logs and history). The opening is audited once and lasts the visit: half an
    /// hour, in this session.
    struct OpeningIn: Content {
        let reason: String?
        let reasonNote: String?
    }
    struct OpeningOut: APIBody {
        /// The file opened: another child's, when this record was merged into it.
        let childID: String
        let openUntil: Date
    }

    @Sendable func open(_ req: Request) async throws -> Response {
        // Nothing at all in the address: whatever is put there reaches logs and history.
        if !Self.onlyNames([], in: req.url.query) {
            throw InvalidInput(field: "reason", "cases.file.reasonInTheBody")
        }
        let input = try req.content.decode(OpeningIn.self)
        let reason = try FileOpeningReason.validated(purpose: input.reason, note: input.reasonNote)
        let file = try await OpenChildFile(req.haven).open(
            try req.parameterID("childID"), reason: reason, session: try ChildController.session(req),
            by: try req.actor)
        return try await OpeningOut(
            childID: file.description, openUntil: req.haven.clock.now().addingTimeInterval(FileVisit.lasts)
        ).encodeResponse(status: .created, for: req)
    }

    /// The chronology of a file opened in this session in the last half hour; otherwise refused,
    /// naming `reason`, and nothing of the file is shown.
    @Sendable func chronology(_ req: Request) async throws -> ChronologyOut {
        // A reason put in the address has reached the logs already: refused, so the client learns.
        if !Self.onlyNames(["order", "category", "after"], in: req.url.query) {
            throw InvalidInput(field: "reason", "cases.file.reasonInTheBody")
        }
        let order =
            (try? req.query.get(String.self, at: "order")).flatMap(ChronologyOrder.init(rawValue:)) ?? .newestFirst
        let category = try req.chronologyCategory()
        guard
            let file = try await OpenChildFile(req.haven).visit(
                try req.parameterID("childID"), order: order, category: category, after: try req.chronologyPosition(),
                session: try ChildController.session(req), by: try req.actor)
        else { throw InvalidInput(field: "reason", "cases.file.openItFirst") }
        return ChronologyOut(
            childID: file.child.id.description, childName: file.child.details.displayName,
            entries: file.chronology.entries.map {
                .init(
                    at: $0.at, kind: $0.kind.rawValue, concernID: $0.concernID.description,
                    reference: $0.concernReference, summary: req.text($0.summary),
                    detail: $0.detail.map { req.text($0) }, by: req.text($0.by),
                    categories: $0.categories.map(\.rawValue))
            }, household: file.household.map { .init(id: $0.id.description, name: $0.details.displayName) },
            next: file.chronology.next?.token)
    }

    /// Whether an address's query names nothing but `allowed` (however it is separated or
    /// encoded): anything else may be a reason, or a note, which must never be in an address.
    static func onlyNames(_ allowed: Set<String>, in query: String?) -> Bool {
        guard let query, !query.isEmpty else { return true }
        return query.split(whereSeparator: { $0 == "&" || $0 == ";" }).allSatisfy { pair in
            let name =
                pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
                ?? ""
            return allowed.contains(name.removingPercentEncoding ?? name)
        }
    }

    @Sendable func accessLog(_ req: Request) async throws -> AccessLogOut {
        let log = try await ViewAccessLog(req.haven)(
            try req.parameterID("childID"), before: try req.accessLogBefore(), by: try req.actor)
        return AccessLogOut(
            childID: log.child.id.description,
            lines: log.lines.map {
                .init(
                    at: $0.at, who: req.text($0.who), action: req.text($0.action), subject: req.text($0.subject),
                    reason: $0.reason.map { req.text($0) })
            }, next: log.next.map(String.init))
    }
}
