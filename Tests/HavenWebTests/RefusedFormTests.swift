import Foundation
import HavenDomain
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.1, N2, WCAG 2.2 SC 3.3.7: a refused form comes back on its own page with every
/// answer filled in (above all the child's own words), every problem at once in plain words, in
/// a summary whose links lead to the fields, each field marked invalid and tied to its message.
/// Nothing is stored.
@Suite("Issue 12.1 a refused form keeps everything typed")
struct RefusedFormTests {
    /// A long account in several scripts, starting on a new line, with characters HTML and
    /// forms treat specially.
    static let account =
        "\nShe said: \"he hit me <again> & again\"; 'it hurts'.\n"
        + String(repeating: "Она сказала, что боится идти домой. قالت إنها خائفة. ", count: 60)

    @Test(arguments: TestDatabaseKind.available)
    func aRefusedConcernComesBackWithEverythingTyped(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let response = try await haven.postForm(
                "/concerns",
                [
                    ("immediateDanger", "on"), ("child.name", "ليلى Ахмедова-Smith"), ("child.approximateAge", "ten"),
                    ("child.school", "Northgate Primary"), ("howItArose", "disclosed_by_child"),
                    ("occurredAt", "2031-01-01T10:00"), ("location", "Hall"), ("account", Self.account),
                    ("reportedFacts[]", "account"), ("reportedFacts[]", "injury"), ("categories[]", "neglect"),
                    ("categories[]", "physical_abuse"),
                    ("linkedChild1.name", "Sam Lee-Park"), ("linkedChild1.relationship", "brother"),
                    ("linkedChild2.name", ""), ("linkedChild2.relationship", ""), ("linkedChild4.name", "Ola"),
                    ("allegedPerpetrator.worksWithChildren", "on"),
                ], session: reporter)
            #expect(response.status == .unprocessableEntity)
            let page = response.body.string
            // Every problem at once, in the order the form asks, each linking to its field.
            #expect(page.problemLinks == ["child.approximateAge", "occurredAt"])
            #expect(page.marksInvalid("child.approximateAge") && page.marksInvalid("occurredAt"))
            #expect(!page.marksInvalid("account") && !page.marksInvalid("child.name"))
            // R2.1: the facts ticked as told by someone else stay ticked, and only those.
            let ticked = page.matches(of: /value="([a-z_]+)" checked> [^<]*Someone else told me/).map { String($0.1) }
            #expect(ticked == ["account", "injury"])
            #expect(page.contains("<title>Error:"))
            // Everything typed is there again, exactly.
            #expect(page.keptValue("account") == Self.account)
            #expect(page.keptValue("child.name") == "ليلى Ахмедова-Smith")
            #expect(page.keptValue("child.approximateAge") == "ten")
            #expect(page.keptValue("child.school") == "Northgate Primary")
            #expect(page.keptValue("occurredAt") == "2031-01-01T10:00")
            // Each other child on their own row, a fourth row (added in the browser) kept too.
            #expect(page.keptValue("linkedChild1.name") == "Sam Lee-Park")
            #expect(page.keptValue("linkedChild1.relationship") == "brother")
            #expect(page.keptValue("linkedChild4.name") == "Ola")
            #expect(page.contains(#"value="disclosed_by_child" required checked"#))
            #expect(page.contains(#"value="neglect" checked"#) && page.contains(#"value="physical_abuse" checked"#))
            #expect(!page.contains(#"value="sexual_abuse" checked"#))
            #expect(page.element("immediateDanger")?.contains("checked") == true)
            #expect(page.element("allegedPerpetrator.worksWithChildren")?.contains("checked") == true)
            // The 999 prompt stays shown, and the folded parts holding answers are open.
            #expect(page.element("call-999")?.contains("hidden") == false)
            #expect(page.contains("<details open><summary>"))
            let stored = try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() }
            #expect(stored == 0)
        }
    }

    /// A row number in a field's name is one row, never a count: the attacking helper crashed the
    /// server with `linkedChild9223372036854775807.name`.
    @Test func aHugeRowNumberIsOneRow() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let page = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "A"), ("account", "x"), ("howItArose", "bogus"),
                    ("linkedChild9223372036854775807.name", "Big"), ("linkedChild20000.name", ""),
                ], session: reporter)
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.string.keptValue("linkedChild9223372036854775807.name") == "Big")
            #expect(page.body.string.matches(of: /class="linked-row"/).count == 5)
            #expect(page.body.string.utf8.count < 200_000)
        }
    }

    /// The summary speaks plain words: never a field's internal name or an internal value.
    @Test func theSummaryIsInPlainWords() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let page = try await haven.postForm(
                "/concerns", [("account", " "), ("reportedFacts[]", "overheard")], session: reporter
            ).body.string
            #expect(page.problemLinks == ["child.name", "howItArose", "account", "reportedFacts"])
            let summary = try #require(page.firstMatch(of: /id="form-errors"[\s\S]*?<\/div>/)).0
            for name in ["disclosed_by_child", "first_hand", "howItArose", "reportedFacts", "child.name"] {
                #expect(!summary.replacingOccurrences(of: "href=\"#\(name)\"", with: "").contains(name), "\(name)")
            }
        }
    }

    /// A refused decision comes back on the concern's page with the rationale and choices kept,
    /// not on a separate error page; no decision is stored.
    @Test(arguments: TestDatabaseKind.available)
    func aRefusedTriageComesBackOnTheConcern(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let id = try await haven.recordConcern(about: "Triage Kept Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let rationale = "Spoke to the class teacher;\nno earlier concerns & the account is consistent."
            let response = try await haven.postForm(
                "/concerns/\(id)/triage",
                [
                    ("outcome", "keep_under_review"), ("threshold", ""), ("rationale", rationale),
                    ("consulted", "Class teacher"), ("reviewDate", ""), ("adviceGivenBy", ""), ("adviceGivenAt", ""),
                    ("advice", ""), ("shareWithRecorder", "Thank you"),
                ], session: dsl)
            #expect(response.status == .unprocessableEntity)
            let page = response.body.string
            #expect(page.contains(#"id="triage-form""#))
            #expect(page.problemLinks == ["threshold", "reviewDate"])
            #expect(page.marksInvalid("threshold") && page.marksInvalid("reviewDate"))
            #expect(page.keptValue("rationale") == rationale)
            #expect(page.keptValue("consulted") == "Class teacher")
            #expect(page.keptValue("shareWithRecorder") == "Thank you")
            #expect(page.contains(#"<option value="keep_under_review" selected>"#))
            // The other forms on the page are untouched.
            #expect(page.keptValue("description") == "")
            #expect(page.element("description")?.contains("aria-invalid") == false)
            let decisions = try await haven.env.unitOfWork.read { tx in try await tx.cases.decisions(id) }
            #expect(decisions.isEmpty)
        }
    }

    /// An action and an addendum: the same, on the concern's page (a DSL) or the receipt (the
    /// person who recorded it).
    @Test func refusedActionsAndAddendaComeBackOnTheirPage() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let id = try await haven.recordConcern(about: "Action Kept Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let action = try await haven.postForm(
                "/concerns/\(id)/actions", [("description", "Call the school nurse"), ("dueOn", "next week")],
                session: dsl)
            #expect(action.status == .unprocessableEntity)
            #expect(action.body.string.problemLinks.contains("dueOn"))
            #expect(action.body.string.keptValue("description") == "Call the school nurse")
            #expect(action.body.string.contains(#"<details class="panel" open><summary>"#))
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let addendum = try await haven.postForm(
                "/concerns/\(id)/addenda", [("reason", "further_information"), ("text", "  ")], session: reporter)
            #expect(addendum.status == .unprocessableEntity)
            #expect(addendum.body.string.problemLinks == ["text"])
            #expect(addendum.body.string.contains(#"<option value="further_information" selected>"#))
            #expect(addendum.body.string.contains(#"action="/concerns/\#(id)/addenda""#))
        }
    }

    /// Admin forms: one site's form among several on the page comes back on its own, and the
    /// organisation's saved answers stay in the other forms.
    @Test func aRefusedAdminFormFillsInOnlyItself() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let settings = try await haven.postForm(
                "/admin/organisation/settings",
                [
                    ("_form", "settings"), ("triageTargetWorkingDays", "soon"), ("concernRetentionYears", "10"),
                    ("trainingRefreshYears", "3"), ("childAgeLimit", "18"), ("categories[]", "neglect"),
                ], session: admin)
            #expect(settings.status == .unprocessableEntity)
            let page = settings.body.string
            #expect(page.problemLinks == ["settings-triageTargetWorkingDays"])
            #expect(page.marksInvalid("settings-triageTargetWorkingDays"))
            #expect(page.keptValue("settings-triageTargetWorkingDays") == "soon")
            #expect(page.keptValue("settings-concernRetentionYears") == "10")
            // Only the category that was ticked is ticked again.
            #expect(page.contains(#"name="categories[]" value="neglect" checked"#))
            #expect(!page.contains(#"name="categories[]" value="physical_abuse" checked"#))
            // The organisation's own form still shows what is saved.
            let saved = try await haven.request(.GET, "/admin/organisation", headers: admin.cookieHeaders).body.string
            #expect(page.keptValue("organisation-name") == saved.keptValue("organisation-name"))
            let contact = try await haven.postForm(
                "/admin/contacts",
                [
                    ("area", "Northshire"), ("kind", "front_door"), ("name", ""), ("phone", "0100 000 000"),
                    ("email", ""),
                ],
                session: admin)
            #expect(contact.status == .unprocessableEntity)
            #expect(contact.body.string.problemLinks == ["name"])
            #expect(contact.body.string.keptValue("phone") == "0100 000 000")
            #expect(contact.body.string.contains(#"<option value="front_door" selected>"#))
            // One person's form among many: only theirs is filled in and opened.
            let person = try #require(haven.people["reporter"]).id
            let email = try await haven.postForm(
                "/admin/people/\(person)/email", [("_form", "email-\(person)"), ("email", "not an address")],
                session: admin)
            #expect(email.status == .unprocessableEntity)
            let people = email.body.string
            #expect(people.problemLinks == ["email-\(person)-email"])
            #expect(people.marksInvalid("email-\(person)-email"))
            #expect(people.keptValue("email-\(person)-email") == "not an address")
            #expect(people.keptValue("email") == "", "the form to add a person stays empty")
            let others = people.matches(of: /id="email-[^"]+-email"[^>]*value="([^"]*)"/).map { String($0.1) }
            #expect(others.filter { !$0.isEmpty } == ["not an address"])
        }
    }

    /// Issue 12.5: an adult telling of abuse in their childhood is never turned away, and a date
    /// of birth in the future is taken as an unborn baby's due date only when the form says so.
    @Test func anAdultRecallingChildhoodAndAnUnbornBabyAreTaken() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let adult: [(String, String)] = [
                ("child.name", "Morwenna Adult"), ("child.approximateAge", "47"), ("howItArose", "disclosed_by_child"),
                ("account", "She told me what her stepfather did when she was nine, in 1988."),
            ]
            let refused = try await haven.postForm("/concerns", adult, session: reporter)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.problemLinks == ["child.approximateAge"])
            #expect(refused.body.string.contains("tick the box that says so"))
            let taken = try await haven.postForm(
                "/concerns", adult + [("child.adultRecallingChildhood", "on")], session: reporter)
            #expect(taken.status == .seeOther)
            let unborn: [(String, String)] = [
                ("child.description", "Expected baby of a young mother"), ("child.dateOfBirth", "2027-03-14"),
                ("howItArose", "toldByAdult"), ("account", "The mother said the father has been violent."),
            ]
            let future = try await haven.postForm("/concerns", unborn, session: reporter)
            #expect(future.body.string.problemLinks.contains("child.dateOfBirth"))
            let due = try await haven.postForm("/concerns", unborn + [("child.unborn", "on")], session: reporter)
            #expect(due.body.string.problemLinks == ["howItArose"], "only the made-up answer is refused")
            let fixed = unborn.map { $0.0 == "howItArose" ? ("howItArose", "told_by_adult") : $0 }
            let recorded = try await haven.postForm("/concerns", fixed + [("child.unborn", "on")], session: reporter)
            #expect(recorded.status == .seeOther)
            let dsl = try await haven.signIn("dsl")
            let waiting = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.untriaged(after: nil, limit: 10)
            }
            #expect(waiting.count == 2)
            var pages: [String] = []
            for entry in waiting {
                pages.append(
                    try await haven.request(.GET, "/concerns/\(entry.concernID)", headers: dsl.cookieHeaders).body
                        .string)
            }
            #expect(pages.contains { $0.contains("An adult telling us about their childhood") })
            #expect(pages.contains { $0.contains("<dt>Due</dt><dd>Sun 14 Mar 2027</dd>") })
        }
    }
}
