import Foundation
import HavenDomain
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

@testable import HavenWeb

/// Issue 12.6, R2.11: injuries are marked on a body map, from the form (a tap, or a place
/// chosen from the list) or the API; the marks, each with its size, colour and the child's
/// words, show on the concern, in the child's chronology and in the API; a mistake comes back
/// on the form with every mark kept; and Haven takes no picture, by any route.
@Suite("Issue 12.6 the body map")
struct BodyMapRecordingTests {
    static let london = TimeZone(identifier: "Europe/London")!

    static let marks: [(String, String)] = [
        // Tapped on the outline: the place and where.
        ("mark1.place", "front.leftForearm"), ("mark1.x", "705"), ("mark1.y", "450"),
        ("mark1.size", "3 cm across"), ("mark1.colour", "purple and yellow"),
        ("mark1.explanation", "مامان said I fell off my bike, but I didn't"),
        // Chosen from the list, without a pointer.
        ("mark2.place", "back.upperBack"), ("mark2.x", ""), ("mark2.y", ""), ("mark2.size", "two lines, 8 cm"),
        ("mark2.colour", "red"), ("mark2.explanation", ""),
        // Left empty.
        ("mark3.place", ""), ("mark3.size", ""), ("mark3.colour", ""), ("mark3.explanation", ""),
    ]

    @Test func theFormAndTheAPIMarkTheSameInjuries() throws {
        let form = (Self.marks + [("howItArose", "observed")]).map {
            "\(TestHaven.encode($0.0))=\(TestHaven.encode($0.1))"
        }.joined(separator: "&")
        let json = """
            {"howItArose":"observed","injuries":[
              {"view":"front","part":"leftForearm","x":705,"y":"450","size":"3 cm across","colour":"purple and yellow",
               "explanation":"مامان said I fell off my bike, but I didn't"},
              {"view":"back","part":"upperBack","size":"two lines, 8 cm","colour":"red"}]}
            """
        let fromForm = try URLEncodedFormDecoder().decode(ConcernInput.self, from: form).draft(timeZone: Self.london)
        let fromJSON = try JSONDecoder().decode(ConcernInput.self, from: Data(json.utf8)).draft(timeZone: Self.london)
        #expect(fromForm.injuries == fromJSON.injuries)
        #expect(
            fromForm.injuries == [
                InjuryMark(
                    view: .front, part: .leftForearm, point: MapPoint(x: 705, y: 450), size: "3 cm across",
                    colour: "purple and yellow", explanation: "مامان said I fell off my bike, but I didn't"),
                InjuryMark(view: .back, part: .upperBack, size: "two lines, 8 cm", colour: "red"),
            ])
    }

    /// Each outline draws every part it lists, once, inside the outline: a tap can land on every
    /// part a keyboard can choose, and on no other.
    @Test(arguments: BodyView.allCases)
    func eachOutlineDrawsThePartsItShows(view: BodyView) {
        let drawn = BodyOutline.shapes(view)
        #expect(drawn.map(\.0.rawValue).sorted() == BodyPart.shown(on: view).map(\.rawValue).sorted())
        for (_, shape) in drawn {
            let centre = shape.centre
            #expect((0...BodyOutline.width).contains(centre.x) && (0...BodyOutline.height).contains(centre.y))
        }
        // From the front the child's right arm is on the viewer's left; from behind, their left.
        let leftHand = drawn.first { $0.0 == .leftHand }?.1.centre.x
        switch view {
        case .front: #expect(leftHand.map { $0 > 100 } == true)
        case .back: #expect(leftHand.map { $0 < 100 } == true)
        case .left: #expect(leftHand != nil)
        case .right: #expect(leftHand == nil)
        }
        // The child's left is lettered on the side their left hand is drawn; a side view has no letters.
        let sides = BodyOutline.sides(view)
        if let leftHand, view == .front || view == .back {
            #expect(sides.count == 2 && Set(sides.map(\.right)) == [true, false])
            #expect(sides.first { !$0.right }.map { ($0.x > 100) == (leftHand > 100) } == true)
        } else {
            #expect(sides.isEmpty)
        }
    }

    @Test(arguments: [
        // A place that is not one, an outline's part on another outline, a tap that is not a number.
        (#"{"view":"front","part":"elbow"}"#, ["injuries[0].part"]),
        (#"{"view":"sideways","part":"head"}"#, ["injuries[0].part"]),
        (#"{"part":"head"}"#, ["injuries[0].part"]),
        (#"{"view":"back","part":"chest"}"#, ["injuries[0].part"]),
        (#"{"view":"front","part":"head","x":"left","y":3}"#, ["injuries[0].point"]),
        (#"{"view":"front","part":"head","x":5}"#, ["injuries[0].point"]),
        (#"{"view":"front","part":"head","x":5,"y":1200}"#, ["injuries[0].point"]),
        // Where it was marked is on the part it names (the attacking helper drew "head" on the groin).
        (#"{"view":"front","part":"head","x":500,"y":500}"#, ["injuries[0].point"]),
        (#"{"view":"front","part":"leftHand","x":0,"y":0}"#, ["injuries[0].point"]),
        (#"{"view":"front","part":"leftHand","x":760,"y":564}"#, []),
    ])
    func aMarkThatCannotBeIsNamed(mark: String, fields: [String]) throws {
        let json = #"{"howItArose":"observed","child":{"name":"Ada"},"account":"x","injuries":[\#(mark)]}"#
        let input = try JSONDecoder().decode(ConcernInput.self, from: Data(json.utf8))
        do {
            _ = try input.draft(timeZone: Self.london, now: Date())
            #expect(fields.isEmpty, "refused nothing")
        } catch let invalid as InvalidInput {
            #expect(invalid.errors.map(\.field) == fields)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func marksShowOnTheConcernTheChronologyAndTheAPI(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Nadia Rahman"), ("howItArose", "observed"),
                    ("account", "I saw bruises on her arm when she took her coat off at the start of the session."),
                ] + Self.marks, session: reporter)
            #expect(sent.status == .seeOther)
            let location = try #require(sent.headers.first(name: .location))
            let id = try #require(ConcernID(string: String(location.dropFirst("/receipts/".count))))
            let stored = try #require(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(id) })
            #expect(stored.content.injuries.count == 2)
            #expect(stored.content.injuries.first?.point == MapPoint(x: 705, y: 450))
            // A marked injury makes the concern high priority, like an injury described.
            #expect(stored.priority == .high)

            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/concerns/\(id)", headers: dsl.cookieHeaders).body.string
            let section = try #require(page.part("injuries").map(String.init))
            // The front outline with mark 1 where it was tapped (705 thousandths of 200 is 141),
            // the back with mark 2 in the middle of the upper back; no side outline.
            #expect(section.contains(#"data-view="front""#) && section.contains(#"data-view="back""#))
            #expect(!section.contains(#"data-view="left""#) && !section.contains(#"data-view="right""#))
            #expect(section.contains(#"<circle cx="141" cy="198" r="10">"#))
            #expect(section.contains(#"<circle cx="100" cy="115" r="10">"#))
            #expect(section.contains(#"aria-label="Body outline, Front: mark 1""#))
            #expect(section.contains(#"<text class="body-side" x="14" y="24">R</text>"#))
            #expect(section.contains(#"<text class="body-side" x="186" y="24">L</text>"#))
            // The list a screen reader reads: each mark's place, size, colour and the child's words.
            #expect(
                section.contains(
                    "<strong>Front: Left forearm and wrist</strong> · <bdi>size 3 cm across</bdi> · <bdi>colour purple and yellow</bdi>"
                ))
            #expect(section.contains("مامان said I fell off my bike, but I didn&#39;t"))
            #expect(
                section.contains(
                    "<strong>Back: Upper back</strong> · <bdi>size two lines, 8 cm</bdi> · <bdi>colour red</bdi></li>"))

            // The child's chronology shows the map with the concern.
            let child = try #require(stored.childID)
            _ = try await haven.postForm("/children/\(child)/open", [("reason", "case_review")], session: dsl)
            let file = try await haven.request(.GET, "/children/\(child)", headers: dsl.cookieHeaders).body.string
            let chronology = try #require(file.part("chronology").map(String.init))
            #expect(chronology.contains(#"<circle cx="141" cy="198" r="10">"#))
            #expect(chronology.contains("Back: Upper back"))

            // The API gives the marks as it takes them.
            let api = try await haven.api(.GET, "/api/v1/concerns/\(id)", session: dsl)
            let body = try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? [String: Any]
            let content = try #require(body?["content"] as? [String: Any])
            let injuries = try #require(content["injuries"] as? [[String: Any]])
            #expect(injuries.count == 2)
            #expect(injuries.first?["part"] as? String == "leftForearm" && injuries.first?["x"] as? Int == 705)
            #expect(injuries.last?["view"] as? String == "back" && injuries.last?["x"] == nil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theAPIRecordsMarksAndRefusesOnesThatCannotBe(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            func send(_ injuries: String) async throws -> TestingHTTPResponse {
                try await haven.api(
                    .POST, "/api/v1/concerns", session: reporter,
                    json: """
                        {"child":{"name":"Ola Nowak"},"howItArose":"disclosed_by_child",
                         "account":"He showed me a burn on his hand and said it happened at home.",
                         "injuries":\(injuries)}
                        """)
            }
            let refused = try await send(#"[{"view":"left","part":"rightHand","size":"small"}]"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("injuries[0].part"))
            let notAList = try await send(#"{"view":"front","part":"head"}"#)
            #expect(notAList.status == .unprocessableEntity && notAList.body.string.contains(#""injuries""#))
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == 0)

            let recorded = try await send(
                #"[{"view":"right","part":"rightHand","x":480,"y":555,"size":"2 cm","colour":"red, blistered","explanation":"the kettle"}]"#
            )
            #expect(recorded.status == .created)
            let concerns = try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() }
            #expect(concerns == 1)
        }
    }

    /// N2: a mistake anywhere comes back on the form with every mark as it was, the body map
    /// open, the list's problem named and linked; nothing is stored.
    @Test func aRefusedFormKeepsEveryMark() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let response = try await haven.postForm(
                "/concerns",
                [("child.name", "Nadia Rahman"), ("howItArose", "observed"), ("account", "")]
                    + Self.marks + [
                        ("mark5.place", "back.chest"), ("mark5.size", "1 cm"), ("mark6.place", "front.head"),
                        ("mark6.size", String(repeating: "x", count: 201)),
                    ], session: reporter)
            #expect(response.status == .unprocessableEntity)
            let page = response.body.string
            // The link goes to the row's own box, which is marked.
            #expect(page.problemLinks == ["account", "mark5.place", "mark6.size"])
            #expect(page.marksInvalid("mark5.place") && !page.marksInvalid("mark1.place"))
            #expect(page.contains("Mark 5: Chest can&#39;t be seen on the outline of the Back."))
            #expect(page.contains(#"<details class="body-map-input" open>"#))
            #expect(page.keptValue("mark1.explanation") == "مامان said I fell off my bike, but I didn't")
            #expect(page.keptValue("mark1.x") == "705" && page.keptValue("mark1.size") == "3 cm across")
            #expect(page.contains(#"<option value="front.leftForearm" selected>"#))
            #expect(page.contains(#"<option value="back.upperBack" selected>"#))
            // The fifth row, added in the browser, is there again by its own number.
            #expect(page.keptValue("mark5.size") == "1 cm")
            // Too long is refused, not cut short: what was typed comes back whole.
            #expect(page.keptValue("mark6.size") == String(repeating: "x", count: 201))
            #expect(page.contains("Mark 6: keep this under 200 characters."))
            #expect(page.element("mark4.size") == nil)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == 0)
        }
    }

    /// R2.11: no picture reaches Haven: a form sent with a file is refused before it is read,
    /// and a picture pasted into an answer as text is refused naming the answer.
    @Test func noPictureIsTaken() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let boundary = "HavenTestBoundary"
            let parts = [
                ("_csrf", reporter.csrf), ("child.name", "Nadia Rahman"), ("howItArose", "observed"),
                ("account", "I saw a bruise on her arm and took a photo of it."),
            ].map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }
            let file =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"arm.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n\u{FF}\u{D8}\u{FF}\u{E0}not really a jpeg\r\n--\(boundary)--\r\n"
            var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
            headers.add(name: "Cookie", value: "haven_session=\(reporter.token)")
            let sent = try await haven.request(.POST, "/concerns", headers: headers, body: parts.joined() + file)
            #expect(sent.status == .unsupportedMediaType)
            #expect(sent.body.string.contains("Never photograph a child&#39;s injury or body"))
            // Without a file too: no Haven form is sent as parts.
            let plain = try await haven.request(
                .POST, "/concerns", headers: headers, body: parts.joined() + "--\(boundary)--\r\n")
            #expect(plain.status == .unsupportedMediaType)

            let pasted = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Nadia Rahman"), ("howItArose", "observed"),
                    ("account", "Photo of the bruise: data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD"),
                    ("mark1.place", "front.chest"), ("mark1.explanation", "data:image/png;base64,iVBORw0KGgo="),
                ], session: reporter)
            #expect(pasted.status == .unprocessableEntity)
            #expect(pasted.body.string.problemLinks == ["account", "mark1.explanation"])
            #expect(pasted.body.string.contains("Haven doesn&#39;t keep pictures of a child."))
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == 0)
        }
    }

    /// The attacking helper's ways round "no files" and "no pictures", and its slow pages: a body
    /// claiming a type Vapor matches to any reader, thousands of rows, a picture in an addendum.
    @Test func noWayRoundAndNoSlowPage() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let boundary = "XyZ"
            let body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(reporter.csrf)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"account\"\r\n\r\nA bruise on her arm.\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"howItArose\"\r\n\r\nobserved\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"child.name\"\r\n\r\nAda\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"injury\"; filename=\"bruise.svg\"\r\n"
                + "Content-Type: image/svg+xml\r\n\r\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\r\n--\(boundary)--\r\n"
            for type in (0..<40).map({ "*/x\($0); boundary=\(boundary)" }) + ["text/plain", "application/xml"] {
                var headers: HTTPHeaders = ["Content-Type": type, "X-CSRF-Token": reporter.csrf]
                headers.add(name: "Cookie", value: "haven_session=\(reporter.token)")
                let sent = try await haven.request(.POST, "/concerns", headers: headers, body: body)
                #expect(sent.status == .unsupportedMediaType, "\(type) → \(sent.status)")
            }
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == 0)

            // Thousands of rows: one problem, named once, and a page of ordinary size.
            let rows = (1...5_000).map { ("mark\($0).size", "s") }
            let many = try await haven.postForm(
                "/concerns", [("child.name", "Ada"), ("howItArose", "observed"), ("account", "Bruises.")] + rows,
                session: reporter)
            #expect(many.status == .unprocessableEntity)
            #expect(many.body.string.problemLinks == ["injuries"])
            #expect(many.body.string.utf8.count < 400_000)

            // A picture in an addendum, as in the concern, is refused naming the text.
            let concern = try await haven.recordConcern(about: "Addendum Child").receipt.concernID
            let addendum = try await haven.api(
                .POST, "/api/v1/concerns/\(concern)/addenda", session: reporter,
                json: #"{"reason":"child_said_more","text":"Here: data:image/png;base64,iVBORw0KGgoAAAANSUhEUg"}"#)
            #expect(addendum.status == .unprocessableEntity && addendum.body.string.contains(#""text""#))
        }
    }
}
