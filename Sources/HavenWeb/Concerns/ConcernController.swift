import HavenDomain
import HavenFeatures
import Vapor

/// R2: recording a concern, the recorder's receipt, and opening a concern.
struct ConcernController {
    struct NewPage: Encodable {
        let categories: [Choice]
        let howItArose: [Choice]
        let sites: [Choice]
        let emergency: EmergencyGuidance
        /// Issue 12.4: this form's submission key, so that sending it twice records it once.
        let submission: String
        /// Issue 12.5: the rows for other children, one child each: three, or as many as were sent.
        let linkedRows: [LinkedRow]
        /// Issue 12.3: the organisation's people, to choose the person who may have caused harm
        /// when they are one of them.
        let people: [Choice]
        /// R2.11: the outlines a tap marks an injury on, the rows that list the marks (three, or
        /// as many as were sent), and the places a mark can be chosen from without a pointer.
        let bodyMap: [BodyMapPage.Figure]
        let markRows: [MarkRow]
        let places: [BodyMapPage.PlaceGroup]
    }

    /// One row for a mark on the body map: its number and its fields' names.
    struct MarkRow: Encodable {
        let number: Int
        let place: String, x: String, y: String, size: String, colour: String, explanation: String

        init(_ number: Int) {
            self.number = number
            (place, x, y) = ("mark\(number).place", "mark\(number).x", "mark\(number).y")
            (size, colour, explanation) = ("mark\(number).size", "mark\(number).colour", "mark\(number).explanation")
        }
    }

    /// One row for another child: its number and its two fields' names.
    struct LinkedRow: Encodable {
        let number: Int
        let name: String
        let relationship: String

        init(_ number: Int) {
            self.number = number
            name = "linkedChild\(number).name"
            relationship = "linkedChild\(number).relationship"
        }
    }

    struct ReceiptPage: Encodable {
        let reference: String
        let concernID: String
        let recordedAt: String
        let receivedBy: String?
        let nobodyAvailable: Bool
        let sharedOutcome: String?
        let outcomeNeedsSecondFactor: Bool
        /// The code page, and back to this receipt.
        let codeLink: String
        let nudges: [DataQualityNudge]
        let immediateDanger: Bool
        let perpetratorWorksWithChildren: Bool
        let emergency: EmergencyGuidance
        let reasons: [Choice]
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "concerns", "new", access: .permission(.recordConcern), use: showForm)
        routes.on(.POST, "concerns", access: .permission(.recordConcern), formPage: showForm, use: record)
        routes.on(.GET, "receipts", ":concernID", access: .perRecord, use: receipt)
        routes.on(.GET, "concerns", ":concernID", access: .perRecord, use: show)
        routes.on(
            .POST, "concerns", ":concernID", "child", access: .permission(.manageCase), formPage: show, use: linkChild)
        routes.on(
            .POST, "concerns", ":concernID", "child", "separate", access: .permission(.manageCase), formPage: show,
            use: unlinkChild)
        routes.on(
            .POST, "concerns", ":concernID", "addenda", access: .perRecord,
            formPage: { req in try req.actor.isSafeguardingLead ? try await show(req) : try await receipt(req) },
            use: addAddendum)
        // R3.1: a copy of a referral form made outside Haven: the one form that takes a file.
        routes.on(
            .POST, "concerns", ":concernID", "referral-copies", access: .perRecord, formPage: show,
            documentForm: "copy", use: addReferralCopy)
        routes.on(.GET, "concerns", ":concernID", "referral-copies", ":copyID", access: .perRecord, use: referralCopy)
        // R7.1: what the child shared in confidence: read with a reason each time, or added to.
        let restricted = RouteAccess.permission(.handleRestricted)
        routes.on(
            .POST, "concerns", ":concernID", "restricted", access: restricted, formPage: show, use: readRestricted)
        routes.on(
            .POST, "concerns", ":concernID", "restricted", "add", access: restricted, formPage: show,
            use: addRestricted)
    }

    /// The most rows of other children shown again (the domain takes at most twenty children).
    static let mostRows = 40
    /// The most rows of marks shown again (the domain takes at most forty marks).
    static let mostMarkRows = 50

    static func newPage(_ req: Request) async throws -> NewPage {
        let sent = req.refusedForm.map { Array($0.values.keys) } ?? []
        let sentRows = ConcernInput.rows(sent)
        return NewPage(
            categories: try await ManageOrganisation(req.haven).offeredCategories().map {
                Choice(value: $0.rawValue, title: req.text($0.title), hint: req.text($0.definition))
            },
            howItArose: HowItArose.allCases.map { Choice(value: $0.rawValue, title: req.text($0.title)) },
            sites: try await ManageOrganisation(req.haven).openSites().map {
                Choice(value: $0.id.description, title: $0.name)
            },
            emergency: try await EmergencyGuidance.load(req), submission: req.haven.ids.uuid().uuidString,
            // The three empty rows, and each row that was sent, by its own number (never a count
            // taken from a field's name: linkedChild9999 is one row).
            linkedRows: Set([1, 2, 3]).union(sentRows.prefix(Self.mostRows)).sorted().map(LinkedRow.init),
            people: try await Self.peopleToChoose(req),
            bodyMap: BodyMapPage.blank(req: req),
            markRows: Set([1, 2, 3]).union(ConcernInput.rows(sent, prefix: "mark").prefix(Self.mostMarkRows)).sorted()
                .map(MarkRow.init),
            places: BodyMapPage.places(req: req))
    }

    /// The most of Haven's people the recording form lists to choose the person who may have
    /// caused harm from. An organisation with more gets no list (it would weigh more than the rest
    /// of the form on a phone): the name typed is matched to Haven's people instead.
    static let mostPeopleListed = 150

    static func peopleToChoose(_ req: Request) async throws -> [Choice] {
        let now = req.haven.clock.now()
        let active = try await req.haven.unitOfWork.read { tx in try await tx.people.all() }.filter {
            $0.isActive(at: now)
        }
        guard active.count <= mostPeopleListed else { return [] }
        return active.map { Choice(value: $0.id.description, title: $0.name) }
    }

    @Sendable func showForm(_ req: Request) async throws -> Response {
        try await req.page("concern-new", try await Self.newPage(req))
    }

    @Sendable func record(_ req: Request) async throws -> Response {
        // N2: a refused concern comes back on the form, filled in, with every problem named
        // (`formPage`); nothing was stored.
        let input = try req.content.decode(ConcernInput.self)
        let draft = try input.draft(timeZone: req.timeZone, now: req.haven.clock.now())
        let submission = try SubmissionKey.sent(
            try? req.content.get(String.self, at: "submission"), field: "submission")
        let recorded = try await RecordConcern(req.haven)(draft, submission: submission, by: try req.actor)
        req.logger.info(
            recorded.repeated ? "concern sent again" : "concern recorded",
            metadata: ["concern": .string(recorded.receipt.concernID.description)])
        // Issue 12.4: on to the receipt (303), so that reloading it or going Back and Forward
        // never sends the concern again.
        return req.redirect(to: "/receipts/\(recorded.receipt.concernID)", redirectType: .normal)
    }

    func receiptPage(_ req: Request, _ recorded: RecordedConcern) async throws -> ReceiptPage {
        let receipt = recorded.receipt
        return ReceiptPage(
            reference: receipt.reference, concernID: receipt.concernID.description,
            recordedAt: req.display(receipt.recordedAt),
            receivedBy: receipt.receivedBy, nobodyAvailable: receipt.nobodyAvailable,
            sharedOutcome: receipt.sharedOutcome, outcomeNeedsSecondFactor: receipt.outcomeNeedsSecondFactor,
            codeLink: "/sign-in/second-factor?next=%2Freceipts%2F" + receipt.concernID.description,
            nudges: recorded.nudges, immediateDanger: recorded.immediateDanger,
            perpetratorWorksWithChildren: recorded.perpetratorWorksWithChildren,
            emergency: try await EmergencyGuidance.load(req),
            reasons: AddendumReason.allCases.map { Choice(value: $0.rawValue, title: req.text($0.title)) })
    }

    @Sendable func receipt(_ req: Request) async throws -> Response {
        let recorded = try await ViewReceipt(req.haven).recorded(
            try req.parameterID("concernID"), repeated: false, by: try req.actor)
        return try await req.page("receipt", try await receiptPage(req, recorded))
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let after = try req.addendaPosition()
        let file = try await ReadConcern(req.haven)(
            try req.parameterID("concernID"), addendaAfter: after, by: try req.actor)
        let people = try await ManagePeopleDirectory.owners(req, handles: file.readerHandles)
        let managers = try await ManagePeopleDirectory.lineManagers(req, lead: file.readerIsLead)
        // Issue 12.2: a DSL deciding is shown the children Haven may already hold who are this child.
        let actor = try req.actor
        let query = (try? req.query.get(String.self, at: "findChild")).map { String($0.prefix(200)) }
        let sameChild =
            AccessPolicy.decide(.manageCase, for: actor) == .allowed
            ? try await SameChild(req.haven)(for: file.concern.id, searching: query, by: actor) : nil
        // Issue 12.7: whoever handles it has every local contact to hand (the recorder has the
        // emergency numbers on every page already).
        let contacts =
            file.readerHandles ? try await LocalContacts(req.haven).list().map { ContactLine($0, req) } : []
        return try await req.page(
            "concern",
            ConcernPage(
                file, req: req, people: people, managers: managers, laterAddendaPage: after != nil,
                sameChild: sameChild, searched: query, contacts: contacts,
                emergency: try await EmergencyGuidance.load(req)))
    }

    struct SameChildForm: Content {
        let file: String?
    }

    /// Issue 12.2: this concern's child is a child Haven already holds: into their file.
    @Sendable func linkChild(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        guard let file = try req.content.decode(SameChildForm.self).file.flatMap(ChildID.init(string:)) else {
            throw InvalidInput(field: "file", "cases.file.chooseAChild")
        }
        try await SameChild(req.haven).link(id, to: file, by: try req.actor)
        return req.redirect(to: "/concerns/\(id)#same-child")
    }

    /// Issue 12.2: undoes `linkChild`.
    @Sendable func unlinkChild(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        try await SameChild(req.haven).unlink(id, by: try req.actor)
        return req.redirect(to: "/concerns/\(id)#same-child")
    }

    struct ReferralCopyForm: Content {
        let file: File?
        let notAPicture: String?
    }

    @Sendable func addReferralCopy(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        let form = try req.content.decode(ReferralCopyForm.self)
        req.storage[RefusedForm.DocumentFormWords.self] = form.notAPicture.map { [("notAPicture", $0)] } ?? []
        try await KeepReferralCopy(req.haven).add(
            form.file.map { Array($0.data.readableBytesView) } ?? [], declaredType: form.file?.contentType?.serialize(),
            filename: form.file?.filename, notAPicture: form.notAPicture == "on", to: id, by: try req.actor)
        return req.redirect(to: "/concerns/\(id)#referral-copies")
    }

    /// R3.1: a copy, downloaded (never shown inline): its own type, a safe name, and a policy
    /// that lets nothing in it run.
    @Sendable func referralCopy(_ req: Request) async throws -> Response {
        let (copy, bytes) = try await KeepReferralCopy(req.haven).open(
            try req.parameterID("copyID"), of: try req.parameterID("concernID"), by: try req.actor)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: copy.type.rawValue)
        headers.replaceOrAdd(name: .contentDisposition, value: Self.attachment(copy.filename))
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox; default-src 'none'")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }

    /// `Content-Disposition` for a download: an ASCII name for old browsers and the name itself,
    /// percent-encoded (RFC 6266, RFC 8187).
    static func attachment(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "referral-copy"
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    struct RestrictedReadingForm: Content {
        let reason: String?
        let reasonNote: String?
    }

    /// R7.1: the restricted information, shown in answer to the reason given, which the audit
    /// trail keeps with this reading.
    @Sendable func readRestricted(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        let form = try req.content.decode(RestrictedReadingForm.self)
        let reason = try RestrictedReadingReason.validated(purpose: form.reason, note: form.reasonNote)
        let reading = try await KeepInConfidence(req.haven).read(id, reason: reason, by: try req.actor)
        return try await req.page("restricted", RestrictedPage(reading, concernID: id, reason: reason, req: req))
    }

    struct RestrictedAddForm: Content {
        let text: String?
    }

    @Sendable func addRestricted(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        let form = try req.content.decode(RestrictedAddForm.self)
        try await KeepInConfidence(req.haven).add(form.text, to: id, by: try req.actor)
        return req.redirect(to: "/concerns/\(id)#restricted")
    }

    @Sendable func addAddendum(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        let form = try req.content.decode(AddendumInput.self)
        let actor = try req.actor
        _ = try await AddAddendum(req.haven)(to: id, reason: form.reason, text: form.text, by: actor)
        return req.redirect(to: actor.isSafeguardingLead ? "/concerns/\(id)" : "/receipts/\(id)")
    }
}

/// The people a DSL can give an action to. Names only: no case content.
enum ManagePeopleDirectory {
    static func owners(_ req: Request, handles: Bool) async throws -> [Choice] {
        let actor = try req.actor
        guard handles else { return [] }
        return try await req.haven.unitOfWork.read { tx in try await tx.people.all() }
            .map { Choice(value: $0.id.description, title: $0.name, selected: $0.id == actor.person) }
    }

    /// R1.3: the line managers a DSL can delegate handling to.
    static func lineManagers(_ req: Request, lead: Bool) async throws -> [Choice] {
        guard lead else { return [] }
        let now = req.haven.clock.now()
        return try await req.haven.unitOfWork.read { tx in try await tx.people.all() }
            .filter { CaseDelegation.canReceive($0.roles(at: now)) }
            .map { Choice(value: $0.id.description, title: $0.name) }
    }
}
