import Foundation
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

@Suite("N2 bad input names the field and stores nothing")
struct BadInputTests {
    func counts(_ haven: TestHaven) async throws -> (Int, Int) {
        try await haven.env.unitOfWork.read { tx in
            (try await tx.concerns.count(), try await tx.concerns.children(after: nil, limit: 10_000).count)
        }
    }

    struct Problem: Decodable {
        struct Field: Decodable {
            let field: String
            let message: String
        }
        let status: Int
        let errors: [Field]?
    }

    static let cases: [(String, Int, [String])] = [
        // Every problem at once, in the order the form asks.
        (#"{}"#, 422, ["child.name", "howItArose", "account"]),
        (#"{"howItArose":"observed"}"#, 422, ["child.name", "account"]),
        (#"{"howItArose":"telepathy","account":"x","child":{"name":"A"}}"#, 422, ["howItArose"]),
        (
            #"{"howItArose":"observed","account":"x","child":{"name":"A","dateOfBirth":"2020-02-31"}}"#, 422,
            ["child.dateOfBirth"]
        ),
        (
            #"{"howItArose":"observed","account":"x","child":{"name":"A"},"categories":["neglect","wizardry"]}"#, 422,
            ["categories[1]"]
        ),
        (
            #"{"howItArose":"observed","account":"x","child":{"name":"A"},"immediateDanger":"yes"}"#, 422,
            ["immediateDanger"]
        ),
        (
            #"{"howItArose":"observed","account":"x","child":{"name":"A","approximateAge":"nine"}}"#, 422,
            ["child.approximateAge"]
        ),
        (
            #"{"howItArose":"observed","account":"x","child":{"name":"A"},"occurredAt":"yesterday"}"#, 422,
            ["occurredAt"]
        ),
        (#"not json"#, 400, ["body"]),
    ]

    @Test(arguments: 0..<cases.count)
    func apiConcernRejections(index: Int) async throws {
        let (json, status, fields) = Self.cases[index]
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            let response = try await haven.api(.POST, "/api/v1/concerns", session: session, json: json)
            #expect(response.status.code == UInt(status), "\(json) → \(response.status)")
            #expect(response.headers.contentType?.description.contains("problem+json") == true)
            let problem = try JSONDecoder().decode(Problem.self, from: Data(response.body.string.utf8))
            #expect(problem.errors?.map(\.field) == fields, "\(json)")
            #expect(!response.body.string.contains("Error"), "no stack traces or type names")
            let (concerns, children) = try await counts(haven)
            #expect(concerns == 0 && children == 0)
        }
    }

    /// The API takes JSON, whatever the parameters or case of its media type, and refuses other
    /// bodies with 415 before anything is read or stored.
    @Test(arguments: [
        ("application/json", true), ("application/json; charset=utf-8", true), ("application/json;charset=UTF-8", true),
        ("text/plain", false), ("application/x-www-form-urlencoded", false), ("application/jsonp", false), ("", false),
    ])
    func apiBodiesMustBeJSON(contentType: String, accepted: Bool) async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            var headers: HTTPHeaders = ["Authorization": "Bearer \(session.token)"]
            if !contentType.isEmpty { headers.add(name: "Content-Type", value: contentType) }
            let body =
                #"{"child":{"name":"Media Type Child"},"howItArose":"observed","account":"She said she was frightened to go home tonight because of the shouting.","categories":["neglect"]}"#
            let response = try await haven.request(.POST, "/api/v1/concerns", headers: headers, body: body)
            #expect(
                response.status == (accepted ? .created : .unsupportedMediaType), "\(contentType) → \(response.status)")
            #expect(try await counts(haven).0 == (accepted ? 1 : 0))
        }
    }

    @Test func htmlFormComesBackWithTheFieldsNamed() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            let response = try await haven.postForm(
                "/concerns", [("howItArose", "observed"), ("account", " "), ("child.approximateAge", "ten")],
                session: session)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.problemLinks == ["child.name", "child.approximateAge", "account"])
            let second = try await haven.postForm(
                "/concerns", [("howItArose", "observed"), ("account", " ")], session: session)
            #expect(second.body.string.problemLinks == ["child.name", "account"])
            let (concerns, children) = try await counts(haven)
            #expect(concerns == 0 && children == 0)
        }
    }

    @Test func triageWithoutARationaleIsRefused() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let id = try await haven.recordConcern(about: "Rationale Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let response = try await haven.api(
                .POST, "/api/v1/concerns/\(id)/triage", session: dsl,
                json: #"{"outcome":"no_further_action","threshold":"universal","consulted":"nobody"}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(#""field":"rationale""#))
            let decisions = try await haven.env.unitOfWork.read { tx in try await tx.cases.decisions(id) }
            #expect(decisions.isEmpty)
        }
    }

    /// A name over the limit is refused, naming the field and saying how long the name given is
    /// (the box shows only its start); what was typed is kept and nothing is stored.
    @Test func aNameOverTheLimitSaysHowLongItIs() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let before = try await haven.env.unitOfWork.read { tx in try await tx.people.all().count }
            let name = "مريم " + String(repeating: "Okonkwo ", count: 25) + "Ł"
            let refused = try await haven.postForm(
                "/admin/people", [("name", name), ("email", "long.name@example.org"), ("kind", "staff")],
                session: admin)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.problemLinks == ["name"])
            #expect(refused.body.string.contains("Use at most 200 characters for a name: this one has \(name.count)."))
            #expect(refused.body.string.keptValue("name") == name)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.people.all().count } == before)
        }
    }

    /// Issue 10.9: an email address with a line break (or a list of addresses) is refused when
    /// saved, naming the field, and nothing is stored.
    @Test(arguments: [
        "new.person@example.org\r\nBcc: eve@evil.example", "new.person@example.org, eve@evil.example",
        "new.person@example.org\u{0}",
    ])
    func emailAddressesWithControlCharactersAreRefused(_ address: String) async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let before = try await haven.env.unitOfWork.read { tx in try await tx.people.all().count }
            let person = try await haven.postForm(
                "/admin/people",
                [
                    ("name", "New Person"), ("email", address), ("password", "a-long-enough-password"),
                    ("kind", "staff"),
                ], session: admin)
            #expect(person.status == .unprocessableEntity)
            #expect(person.body.string.problemLinks == ["email"] && person.body.string.marksInvalid("email"))
            #expect(person.body.string.keptValue("name") == "New Person")
            #expect(person.body.string.keptValue("email") == address)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.people.all().count } == before)
            let inbox = try await haven.postForm(
                "/admin/organisation/routing", [("routingChain", "0"), ("sharedInbox", address)], session: admin)
            #expect(inbox.status == .unprocessableEntity)
            #expect(inbox.body.string.contains("sharedInbox"))
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.organisation.sharedInbox() } == nil)
            let contact = try await haven.postForm(
                "/admin/contacts",
                [
                    ("area", "Northshire"), ("kind", "front_door"), ("name", "Front door"),
                    ("phone", "0100 000 000"), ("email", address),
                ], session: admin)
            #expect(contact.status == .unprocessableEntity)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.organisation.contacts() }.isEmpty)
        }
    }
}
