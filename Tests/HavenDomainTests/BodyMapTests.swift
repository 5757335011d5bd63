import Foundation
import Testing

@testable import HavenDomain

@Suite("R2.11 body map: parts, views, marks and no pictures")
struct BodyMapTests {
    let now = utc("2026-11-23T12:00:00Z")

    func draft(_ marks: [InjuryMark], account: String = String(repeating: "word ", count: 20)) -> ConcernDraft {
        ConcernDraft(
            child: ChildDetails(name: "Tilly Brennagh"), howItArose: .observed, location: "club", account: account,
            injuries: marks)
    }

    /// Which outlines each part is drawn on. Left and right are the child's: the left forearm is
    /// seen from the front, the back and the left, never from the right.
    @Test(arguments: [
        (BodyPart.head, [BodyView.front, .back, .left, .right]),
        (.neck, [.front, .back, .left, .right]),
        (.chest, [.front]), (.abdomen, [.front]), (.groin, [.front]),
        (.upperBack, [.back]), (.lowerBack, [.back]), (.bottom, [.back]),
        (.leftSide, [.left]), (.rightSide, [.right]),
        (.leftForearm, [.front, .back, .left]), (.rightForearm, [.front, .back, .right]),
        (.leftShoulder, [.front, .back, .left]), (.rightHand, [.front, .back, .right]),
        (.leftThigh, [.front, .back, .left]), (.rightLowerLeg, [.front, .back, .right]),
        (.leftFoot, [.front, .back, .left]),
    ])
    func eachPartIsOnTheOutlinesItCanBeSeenOn(part: BodyPart, views: [BodyView]) {
        #expect(part.views == views)
        for view in BodyView.allCases {
            #expect(BodyPart.shown(on: view).contains(part) == views.contains(view))
        }
    }

    @Test func everyOutlineListsItsOwnSideOnly() {
        let left = Set(BodyPart.shown(on: .left).map(\.rawValue))
        let right = Set(BodyPart.shown(on: .right).map(\.rawValue))
        #expect(left.allSatisfy { !$0.hasPrefix("right") })
        #expect(right.allSatisfy { !$0.hasPrefix("left") })
        #expect(BodyPart.shown(on: .front).count == 19)
        #expect(BodyPart.shown(on: .back).count == 19)
        #expect(left.count == 10)
        #expect(right.count == 10)
        // Every part is on some outline.
        #expect(BodyPart.allCases.allSatisfy { !$0.views.isEmpty })
    }

    /// A mark that cannot be: a part on an outline it is not drawn on, a tap off the outline,
    /// and words too long to be a size, a colour or an explanation. Each names its field and,
    /// in its words, the mark's number.
    @Test(arguments: [
        (InjuryMark(view: .front, part: .leftForearm, point: MapPoint(x: 700, y: 450)), [String]()),
        (InjuryMark(view: .back, part: .chest), ["injuries[0].part"]),
        (InjuryMark(view: .right, part: .leftHand), ["injuries[0].part"]),
        (InjuryMark(view: .left, part: .leftSide, point: MapPoint(x: 0, y: 1000)), []),
        (InjuryMark(view: .front, part: .head, point: MapPoint(x: 1001, y: 10)), ["injuries[0].point"]),
        (InjuryMark(view: .front, part: .head, point: MapPoint(x: 10, y: -1)), ["injuries[0].point"]),
        (InjuryMark(view: .front, part: .head, size: String(repeating: "x", count: 201)), ["injuries[0].size"]),
        (InjuryMark(view: .front, part: .head, size: String(repeating: "x", count: 200)), []),
        (InjuryMark(view: .front, part: .head, colour: String(repeating: "x", count: 201)), ["injuries[0].colour"]),
        (
            InjuryMark(view: .front, part: .head, explanation: String(repeating: "x", count: 4001)),
            ["injuries[0].explanation"]
        ),
    ])
    func aMarkThatCannotBeIsRefusedNamingItsField(mark: InjuryMark, fields: [String]) {
        let errors = draft([mark]).validationErrors(now: now)
        #expect(errors.map(\.field) == fields)
        #expect(errors.allSatisfy { $0.message.arguments["mark"] == .number(1) })
    }

    @Test func theSecondMarkIsNamedAsTheSecond() {
        let errors = draft([InjuryMark(view: .front, part: .head), InjuryMark(view: .back, part: .abdomen)])
            .validationErrors(now: now)
        #expect(errors.map(\.field) == ["injuries[1].part"])
        #expect(errors.first?.message.arguments["mark"] == .number(2))
    }

    @Test func atMostFortyMarks() {
        let marks = Array(repeating: InjuryMark(view: .back, part: .upperBack), count: 40)
        #expect(draft(marks).validationErrors(now: now).isEmpty)
        #expect(draft(marks + [marks[0]]).validationErrors(now: now).map(\.field) == ["injuries"])
    }

    @Test func wordsAreTrimmedAndEmptyWordsAreNone() {
        let mark = InjuryMark(view: .front, part: .chest, size: "  2 cm  ", colour: " ", explanation: "\n")
        #expect(mark.size == "2 cm")
        #expect(mark.colour == nil)
        #expect(mark.explanation == nil)
    }

    @Test func aMarkedInjuryRaisesThePriority() {
        #expect(draft([]).priority == .normal)
        #expect(draft([InjuryMark(view: .front, part: .chest)]).priority == .high)
    }

    /// R2.11: a picture pasted into any answer as a data address is refused; words about
    /// pictures, or an ordinary web address, are not.
    @Test(arguments: [
        ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", true),
        ("she said: DATA:IMAGE/JPEG;BASE64,/9j/4AAQSkZJRgABAQ", true),
        ("data:image/svg+xml;charset=utf-8;base64,PHN2Zz4=", true),
        ("data:application/octet-stream;base64,AAAA", true),
        ("He showed me a picture on his phone; I did not keep it.", false),
        ("see https://example.org/image.png", false),
        ("data: image", false),
        // However it is spaced, escaped, cased or hidden (the attacking helper's list).
        ("data:image/png; base64,iVBORw0KGgo=", true), ("data:image/png;base64 ,iVBORw0KGgo=", true),
        ("data: image/png;base64,iVBORw0KGgo=", true), ("data:image/\npng;base64,iVBORw0KGgo=", true),
        ("data:;base64,iVBORw0KGgoAAAANSUhEUg", true), ("data:base64,iVBORw0KGgoAAAANSUhEUg", true),
        ("data:image/png ;base64,iVBORw0KGgo=", true), ("data:image%2Fpng;base64,iVBORw0KGgo=", true),
        ("data:image/svg+xml,%3Csvg%20xmlns", true), ("look: <svg xmlns='http://www.w3.org/2000/svg'>", true),
        ("da\u{200B}ta:image/png;base64,iVBORw0KGgo=", true), ("data\u{FF1A}image/png;base64,iVBORw0KGgo=", true),
        // A link of text quoted as evidence, and words that only look like it, are not pictures.
        ("The child was sent a link in chat: data:text/html;base64,PHNjcmlwdD4=", false),
        ("metadata:app/v1;base64,AAAA in the app's settings", false),
    ])
    func aPicturePastedIntoAnAnswerIsRefused(text: String, refused: Bool) {
        #expect(PictureInText.found(in: text) == refused)
        let inAccount = draft([], account: "The child told me this. " + text).validationErrors(now: now)
        #expect(inAccount.map(\.field) == (refused ? ["account"] : []))
        let inMark = draft([InjuryMark(view: .front, part: .head, explanation: text)]).validationErrors(now: now)
        #expect(inMark.map(\.field) == (refused ? ["injuries[0].explanation"] : []))
    }

    /// Raw base64 of a picture, as email wraps it, is refused; a long run of one letter (a long
    /// account typed as a test) is not. A long answer is read in one pass: the attacking
    /// helper's 200,000 characters of `data:a/aaaa` took minutes with the first pattern.
    @Test func rawPicturesAreFoundAndLongWordsAreNot() {
        let bytes = (0..<600).map { UInt8(($0 * 37 + 11) % 256) }
        let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        #expect(PictureInText.found(in: "Here it is:\n" + encoded))
        #expect(!PictureInText.found(in: String(repeating: "x", count: 20_000)))
        #expect(!PictureInText.found(in: String(repeating: "Ab1 ", count: 5_000)))
        let hostile = String(repeating: "data:a/aaaa", count: 20_000)
        let (quiet, found) = (
            PictureInText.found(in: hostile), PictureInText.found(in: hostile + " data:image/png;base64,AAAA")
        )
        #expect(!quiet && found)
    }
}
