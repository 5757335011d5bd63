import HavenDomain
import HavenFeatures
import Vapor

/// R3.2, R7.7: a child's file as one chronology, household links, and who opened the file.
struct ChildController {
    struct FilePage: Encodable {
        struct Line: Encodable {
            let at: String
            let kind: String
            let concernID: String
            let reference: String
            let summary: String
            let detail: String?
            let by: String
            /// R2.11: the injuries the concern marked on the body map.
            let bodyMap: BodyMapPage?
        }
        struct Relative: Encodable {
            let id: String
            let name: String
        }
        let id: String
        let name: String
        let entries: [Line]
        let household: [Relative]
        let categories: [Choice]
        let newestFirst: Bool
        let filtered: String?
        let others: [Relative]
        /// R3.2: the name typed to find a child to link, and whether a search was made.
        let find: String
        let searchedToLink: Bool
        /// R3.2: the link to the next page of the chronology, if there is one.
        let next: String?
        /// A filtered page that found nothing in the stretch it read, though more follows.
        let nothingInThisStretch: Bool
        /// The first page of the same chronology, shown on every later page.
        let firstPage: String?
        /// Nothing at all on this page and nothing after it.
        let nothingHere: Bool
        /// The file's own record in one line: date of birth or age, school, address, identifiers.
        let details: String
        /// Issue 12.2: the records merged into this file (the same child recorded again).
        let merged: [MergedLine]
    }
    struct MergedLine: Encodable {
        let id: String
        let name: String
        let details: String
        let mergedAt: String
    }

    /// R7.7: asks why the file is being opened, before anything in it is shown. The answer is
    /// sent in the body (never the address, which reaches logs and history).
    struct ReasonPage: Encodable {
        let id: String
        let purposes: [Choice]
        let order: String?
        let category: String?
        let noteLimit: Int
    }
    struct OpenForm: Content {
        let reason: String?
        let reasonNote: String?
        let order: String?
        let category: String?
    }

    struct LogPage: Encodable {
        struct Line: Encodable {
            let at: String
            let who: String
            let action: String
            let subject: String
            let reason: String?
        }
        let id: String
        let name: String
        let lines: [Line]
        /// The next (older) page's address, if there is one.
        let older: String?
        /// Whether this is a later page (then it links back to the newest).
        let laterPage: Bool
    }

    struct ListPage: Encodable {
        let children: [ChildLine]
        /// What was searched for, kept in the box; the next page's link, if there is one.
        let query: String
        let searched: Bool
        let next: String?
        /// Whether this is a later page of the whole list (then it links back to the first).
        let laterPage: Bool
    }
    struct LinkForm: Content {
        let otherChild: String?
    }
    struct SeparateForm: Content {
        let record: String?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "children", access: .permission(.viewChildFile), use: list)
        routes.on(.GET, "children", ":childID", access: .permission(.viewChildFile), use: file)
        routes.on(
            .POST, "children", ":childID", "open", access: .permission(.viewChildFile), formPage: reasonPage, use: open)
        routes.on(.GET, "children", ":childID", "access-log", access: .permission(.viewAccessLog), use: accessLog)
        routes.on(.POST, "children", ":childID", "household", access: .permission(.manageCase), use: linkHousehold)
        routes.on(.POST, "children", ":childID", "merge", access: .permission(.manageCase), use: merge)
        routes.on(.POST, "children", ":childID", "separate", access: .permission(.manageCase), use: separate)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let query = (try? req.query.get(String.self, at: "q")).map { String($0.prefix(200)) }
        let position = try req.pageLink("after", ChildListPosition.init(token:))
        let page = try await ListChildren(req.haven)(after: position, named: query, by: try req.actor)
        return try await req.page(
            "children",
            ListPage(
                children: page.children.map { ChildLine($0, req: req) },
                query: query ?? "", searched: !(query ?? "").trimmingCharacters(in: .whitespaces).isEmpty,
                next: page.next.map { "/children?after=\($0.token)" }, laterPage: position != nil))
    }

    /// R7.7: why the file is being opened, asked before anything in it is shown; the order and
    /// category asked for go on to the file.
    @Sendable func reasonPage(_ req: Request) async throws -> Response {
        let id: ChildID = try req.parameterID("childID")
        // From the file's address, or (when the answer is refused) from the form.
        let order = (try? req.query.get(String.self, at: "order")) ?? (try? req.content.get(String.self, at: "order"))
        let category =
            (try? req.query.get(String.self, at: "category")) ?? (try? req.content.get(String.self, at: "category"))
        return try await req.page(
            "child-open",
            ReasonPage(
                id: id.description,
                purposes: FileOpeningPurpose.allCases.map { Choice(value: $0.rawValue, title: req.text($0.title)) },
                order: order.flatMap(ChronologyOrder.init(rawValue:))?.rawValue,
                category: category.flatMap(ConcernCategory.init(rawValue:))?.rawValue,
                noteLimit: FileOpeningReason.noteLimit))
    }

    /// Issue 12.8: the reason, sent in the body, opens the file for this visit; then on to it.
    @Sendable func open(_ req: Request) async throws -> Response {
        let id: ChildID = try req.parameterID("childID")
        let form = try req.content.decode(OpenForm.self)
        let reason = try FileOpeningReason.validated(purpose: form.reason, note: form.reasonNote)
        // Issue 12.2: a record merged into another child's file opens that file.
        let file = try await OpenChildFile(req.haven).open(
            id, reason: reason, session: try Self.session(req), by: try req.actor)
        // Only values Haven knows go on into the address.
        let order = form.order.flatMap(ChronologyOrder.init(rawValue:)).map { "order=\($0.rawValue)" }
        let category = form.category.flatMap(ConcernCategory.init(rawValue:)).map { "category=\($0.rawValue)" }
        let query = [order, category].compactMap { $0 }.joined(separator: "&")
        return req.redirect(to: "/children/\(file)" + (query.isEmpty ? "" : "?" + query))
    }

    static func session(_ req: Request) throws -> String {
        guard let signedIn = req.signedIn else { throw AccessError.notSignedIn }
        return signedIn.session.tokenHash
    }

    @Sendable func file(_ req: Request) async throws -> Response {
        let id: ChildID = try req.parameterID("childID")
        let order =
            (try? req.query.get(String.self, at: "order")).flatMap(ChronologyOrder.init(rawValue:)) ?? .newestFirst
        let category = try req.chronologyCategory()
        let find = (try? req.query.get(String.self, at: "find")).map { String($0.prefix(200)) }
        let after = try req.chronologyPosition()
        guard
            let file = try await OpenChildFile(req.haven).visit(
                id, order: order, category: category, after: after, findingToLink: find,
                session: try Self.session(req), by: try req.actor)
        else {
            // Not opened in this session in the last half hour: asked why, before anything is shown.
            return try await reasonPage(req)
        }
        // Issue 12.2: this record is kept in another child's file now: on to that file.
        if file.child.id != id { return req.redirect(to: "/children/\(file.child.id)") }
        let nextPage = "/children/\(id)?order=\(order.rawValue)" + (category.map { "&category=\($0.rawValue)" } ?? "")
        return try await req.page(
            "child",
            FilePage(
                id: id.description, name: req.text(file.child.details.shownName),
                entries: file.chronology.entries.map {
                    .init(
                        at: req.display($0.at), kind: req.text($0.kind.title), concernID: $0.concernID.description,
                        reference: $0.concernReference,
                        summary: req.text($0.summary), detail: $0.detail.map { req.text($0) }, by: req.text($0.by),
                        bodyMap: $0.injuries.isEmpty ? nil : BodyMapPage($0.injuries, req: req))
                },
                household: file.household.map { .init(id: $0.id.description, name: req.text($0.details.shownName)) },
                categories: file.categories.map {
                    Choice(value: $0.rawValue, title: req.text($0.title), selected: $0 == category)
                },
                newestFirst: order == .newestFirst, filtered: category.map { req.text($0.title) },
                others: file.linkable.map { .init(id: $0.id.description, name: req.text($0.details.shownName)) },
                find: find ?? "", searchedToLink: !(find ?? "").trimmingCharacters(in: .whitespaces).isEmpty,
                next: file.chronology.next.map { "\(nextPage)&after=\($0.token)" },
                nothingInThisStretch: file.chronology.entries.isEmpty && file.chronology.next != nil,
                firstPage: after == nil ? nil : nextPage,
                nothingHere: file.chronology.entries.isEmpty && file.chronology.next == nil,
                details: Self.describe(file.child.details, req: req),
                merged: file.merged.map {
                    MergedLine(
                        id: $0.record.id.description, name: req.text($0.record.details.shownName),
                        details: Self.describe($0.record.details, req: req), mergedAt: req.display($0.merge.at))
                }))
    }

    @Sendable func accessLog(_ req: Request) async throws -> Response {
        let before = try req.accessLogBefore()
        let log = try await ViewAccessLog(req.haven)(try req.parameterID("childID"), before: before, by: try req.actor)
        let child = log.child
        return try await req.page(
            "access-log",
            LogPage(
                // Set apart in the heading's sentence, so a right-to-left name keeps "'s file" in place.
                id: child.id.description, name: req.text(.isolated(req.text(child.details.shownName))),
                lines: log.lines.map {
                    .init(
                        at: req.display($0.at), who: req.text($0.who), action: req.text($0.action),
                        subject: req.text($0.subject), reason: $0.reason.map { req.text($0) })
                }, older: log.next.map { "/children/\(child.id)/access-log?before=\($0)" }, laterPage: before != nil))
    }

    @Sendable func linkHousehold(_ req: Request) async throws -> Response {
        let id: ChildID = try req.parameterID("childID")
        let form = try req.content.decode(LinkForm.self)
        guard let other = form.otherChild.flatMap(ChildID.init(string:)) else {
            throw InvalidInput(field: "otherChild", "cases.otherChild.chooseAChildToLink")
        }
        try await LinkHousehold(req.haven)(id, with: other, by: try req.actor)
        // Back to the file, still open for this visit.
        return req.redirect(to: "/children/\(id)")
    }

    /// Issue 12.2: puts the chosen child's record into this file (the same child recorded twice).
    @Sendable func merge(_ req: Request) async throws -> Response {
        let id: ChildID = try req.parameterID("childID")
        let form = try req.content.decode(LinkForm.self)
        guard let other = form.otherChild.flatMap(ChildID.init(string:)) else {
            throw InvalidInput(field: "otherChild", "cases.otherChild.chooseAChildToLink")
        }
        try await MergeChildFiles(req.haven).merge(other, into: id, by: try req.actor)
        return req.redirect(to: "/children/\(id)")
    }

    /// Issue 12.2: takes a record back out of this file.
    @Sendable func separate(_ req: Request) async throws -> Response {
        let id: ChildID = try req.parameterID("childID")
        let form = try req.content.decode(SeparateForm.self)
        guard let record = form.record.flatMap(ChildID.init(string:)) else {
            throw InvalidInput(field: "record", "cases.file.notMerged")
        }
        try await MergeChildFiles(req.haven).separate(record, from: id, by: try req.actor)
        return req.redirect(to: "/children/\(id)")
    }

    /// A record's details in one line: date of birth or age, school, address, identifiers.
    static func describe(_ child: ChildDetails, req: Request) -> String {
        let parts: [String?] =
            [
                child.dateOfBirth.map { text in
                    Day(iso: text).map { req.text(Words(child.unborn ? "child.due" : "child.born", ["day": .day($0)])) }
                        ?? text
                }, child.approximateAge.map { req.text(Words("child.aged", ["age": .number($0)])) },
                child.school, child.address,
            ] + child.identifiers.given.map { "\(req.text($0.kind.title)) \($0.value)" }
        return parts.compactMap { $0 }.joined(separator: " · ")
    }
}
