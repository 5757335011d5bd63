import HavenDomain
import HavenFeatures
import Vapor

/// The API's case handling: triage, actions, delegation and the inbox (documented in OpenAPI/cases.json). The same use cases and access rules as the pages.
struct CasesAPI {
    struct InboxOut: APIBody {
        struct Entry: APIBody {
            let concernID: String
            let reference: String
            let childID: String
            let childName: String
            let priority: String
            let recordedAt: Date
            let triageDue: Date
            let late: Bool
        }
        let entries: [Entry]
        let overdueActions: Int
        /// How many concerns wait in all, and where the next page starts (`?after=`), if any.
        let waiting: Int
        /// True when at least `waiting` wait: the count stops at 1,000.
        let waitingAtLeast: Bool
        let next: String?
    }
    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.on(.POST, "concerns", ":concernID", "triage", access: .perRecord, use: triage)
        api.on(.POST, "concerns", ":concernID", "actions", access: .perRecord, use: action)
        api.on(.POST, "concerns", ":concernID", "delegation", access: .permission(.delegateCase), use: delegate)
        api.on(.POST, "concerns", ":concernID", "allegation", access: .permission(.manageCase), use: allegation)
        api.on(.GET, "inbox", access: .permission(.viewInbox), use: inbox)
        api.on(
            .POST, "concerns", ":concernID", "referral-copies", access: .perRecord, documentForm: "copy",
            use: addReferralCopy)
        api.on(
            .GET, "concerns", ":concernID", "referral-copies", ":copyID", access: .perRecord,
            use: ConcernController().referralCopy)
    }

    @Sendable func triage(_ req: Request) async throws -> Response {
        let input = try req.content.decode(TriageDecisionInput.self).checked(req)
        let decision = try await TriageConcern(req.haven)(try req.parameterID("concernID"), input, by: try req.actor)
        return try await CreatedID(id: decision.id.description).encodeResponse(status: .created, for: req)
    }

    @Sendable func action(_ req: Request) async throws -> Response {
        let input = try req.content.decode(ActionInput.self)
        let action = try await SetAction(req.haven)(
            on: try req.parameterID("concernID"), description: input.description, owner: input.owner,
            dueOn: input.dueOn, by: try req.actor)
        return try await CreatedID(id: action.id.description).encodeResponse(status: .created, for: req)
    }

    @Sendable func delegate(_ req: Request) async throws -> Response {
        let input = try req.content.decode(DelegationInput.self)
        _ = try await DelegateCase(req.haven)(
            try req.parameterID("concernID"), to: input.delegate, note: input.note, by: try req.actor)
        return Response(status: .noContent)
    }

    /// Issue 12.7, R2.6: an allegation record started from the concern (once: sent again, the
    /// first is the answer).
    struct AllegationOut: APIBody {
        let concernID: String
        let startedAt: Date
        let startedBy: String
    }

    @Sendable func allegation(_ req: Request) async throws -> Response {
        let started = try await StartAllegation(req.haven)(from: try req.parameterID("concernID"), by: try req.actor)
        return try await AllegationOut(
            concernID: started.concernID.description, startedAt: started.startedAt,
            startedBy: started.startedBy.description
        ).encodeResponse(status: .created, for: req)
    }

    /// R3.1: a copy of a referral made outside Haven, sent as the body itself: its type as
    /// `Content-Type`, its name in `Content-Disposition`, and `notAPicture=true` to say it is a
    /// form or letter, not a picture of a child.
    /// The name a `Content-Disposition` gives: `filename*=UTF-8''…` (RFC 8187, percent-encoded)
    /// first, else `filename="…"`. Made safe later (`ReferralCopy.safeName`).
    static func filename(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        for part in parts where part.lowercased().hasPrefix("filename*=") {
            // charset'language'value: UTF-8, any language (or none), percent-encoded.
            let pieces = part.dropFirst("filename*=".count).split(
                separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
            guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { continue }
            if let decoded = String(pieces[2]).removingPercentEncoding { return decoded }
        }
        for part in parts where part.lowercased().hasPrefix("filename=") {
            let value = String(part.dropFirst("filename=".count))
            let quoted = value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"")
            return quoted ? String(value.dropFirst().dropLast()) : value
        }
        return nil
    }

    @Sendable func addReferralCopy(_ req: Request) async throws -> Response {
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        let copy = try await KeepReferralCopy(req.haven).add(
            bytes, declaredType: req.headers.first(name: .contentType),
            filename: Self.filename(req.headers.first(name: .contentDisposition)),
            notAPicture: (try? req.query.get(String.self, at: "notAPicture")) == "true",
            to: try req.parameterID("concernID"), by: try req.actor)
        return try await ConcernOutput.ReferralCopyOut(
            id: copy.id.description, filename: copy.filename, mediaType: copy.type.rawValue, byteCount: copy.byteCount,
            sha256: copy.sha256, addedAt: copy.addedAt, addedBy: try req.requireSignedIn().person.name
        ).encodeResponse(status: .created, for: req)
    }

    @Sendable func inbox(_ req: Request) async throws -> InboxOut {
        let inbox = try await ViewInbox(req.haven)(after: try req.inboxPosition(), by: try req.actor)
        return InboxOut(
            entries: inbox.entries.map {
                .init(
                    concernID: $0.concernID.description, reference: $0.reference, childID: $0.childID.description,
                    childName: req.text($0.childName),
                    priority: "\($0.priority)", recordedAt: $0.recordedAt, triageDue: $0.triageDue, late: $0.isLate)
            }, overdueActions: inbox.actionCounts.overdue, waiting: inbox.waiting,
            waitingAtLeast: inbox.waitingAtLeast, next: inbox.next?.token)
    }
}
