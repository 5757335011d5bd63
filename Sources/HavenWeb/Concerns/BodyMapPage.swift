import HavenDomain
import Vapor

/// R2.11: injuries on a body map as a page shows them: an outline for each view that has a
/// mark (every view while recording), each mark a numbered dot, and the same marks as a list,
/// which is what a keyboard or a screen reader uses.
struct BodyMapPage: Encodable {
    struct Figure: Encodable {
        struct Part: Encodable {
            let part: String
            let name: String
            let oval: Bool
            let x: Int
            let y: Int
            /// A box's width and height, an oval's two radii.
            let width: Int
            let height: Int
        }
        struct Dot: Encodable {
            let number: Int
            let x: Int
            let y: Int
        }
        struct Letter: Encodable {
            let letter: String
            let x: Int
            let y: Int
        }
        let view: String
        let title: String
        /// What the outline shows, for a screen reader ("Front: marks 1 and 3").
        let label: String
        let parts: [Part]
        /// Which way the outline faces (`BodyOutline.cues`).
        let cues: [String]
        /// The child's right and left, lettered (`BodyOutline.sides`).
        let sides: [Letter]
        let dots: [Dot]
    }

    struct Line: Encodable {
        let number: Int
        let place: String
        let size: String?
        let colour: String?
        let explanation: String?
    }

    let figures: [Figure]
    let lines: [Line]

    /// The marks as recorded: only the outlines that have one.
    init(_ marks: [InjuryMark], req: Request) {
        let numbered = Array(zip(1..., marks))
        figures = BodyView.allCases.compactMap { view in
            let here = numbered.filter { $0.1.view == view }
            return here.isEmpty ? nil : Self.figure(view, marks: here, req: req)
        }
        lines = numbered.map { number, mark in
            Line(
                number: number, place: req.text(Self.place(mark.view, mark.part)), size: mark.size,
                colour: mark.colour, explanation: mark.explanation)
        }
    }

    /// Every outline, with no marks: the recording form's, which a tap marks.
    static func blank(req: Request) -> [Figure] {
        BodyView.allCases.map { figure($0, marks: [], req: req) }
    }

    static func figure(_ view: BodyView, marks: [(Int, InjuryMark)], req: Request) -> Figure {
        Figure(
            view: view.rawValue, title: req.text(view.title),
            label: marks.isEmpty
                ? req.text(view.title)
                : req.text(
                    "concern.bodyMap.figureLabel",
                    [
                        "view": .words(view.title),
                        "marks": .words(.list(marks.map { Words("concern.bodyMap.markNumber", ["n": .number($0.0)]) })),
                    ]),
            parts: BodyOutline.shapes(view).map { part, shape in
                switch shape {
                case .box(let x, let y, let width, let height):
                    Figure.Part(
                        part: part.rawValue, name: req.text(part.title), oval: false, x: x, y: y, width: width,
                        height: height)
                case .oval(let x, let y, let rx, let ry):
                    Figure.Part(
                        part: part.rawValue, name: req.text(part.title), oval: true, x: x, y: y, width: rx, height: ry)
                }
            },
            cues: BodyOutline.cues(view),
            sides: BodyOutline.sides(view).map { side in
                Figure.Letter(
                    letter: req.text(side.right ? "concern.bodyMap.rightLetter" : "concern.bodyMap.leftLetter"),
                    x: side.x, y: side.y)
            },
            dots: marks.compactMap { number, mark in
                BodyOutline.spot(of: mark).map { Figure.Dot(number: number, x: $0.x, y: $0.y) }
            })
    }

    /// "Front: left forearm and wrist".
    static func place(_ view: BodyView, _ part: BodyPart) -> Words {
        Words("concern.bodyMap.place", ["view": .words(view.title), "part": .words(part.title)])
    }

    /// The places a mark can be chosen from without a pointer: each outline's parts, in groups.
    struct PlaceGroup: Encodable {
        let title: String
        let places: [Choice]
    }

    static func places(req: Request) -> [PlaceGroup] {
        BodyView.allCases.map { view in
            PlaceGroup(
                title: req.text(view.title),
                places: BodyPart.shown(on: view).map {
                    Choice(value: "\(view.rawValue).\($0.rawValue)", title: req.text(place(view, $0)))
                })
        }
    }
}
