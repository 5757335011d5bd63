import HavenDomain

/// R2.11: the body outline injuries are marked on: one simple shape for each part of the body,
/// so that a tap on a shape names its part, and a mark chosen from the list (no tap) can be
/// drawn in the middle of its part. Left and right are the child's own: from the front the
/// child's right arm is on the viewer's left.
enum BodyOutline {
    static let width = 200
    static let height = 440

    enum Shape: Equatable {
        case box(x: Int, y: Int, width: Int, height: Int)
        case oval(x: Int, y: Int, rx: Int, ry: Int)

        var centre: (x: Int, y: Int) {
            switch self {
            case .box(let x, let y, let width, let height): (x + width / 2, y + height / 2)
            case .oval(let x, let y, _, _): (x, y)
            }
        }

        /// The same shape seen from the other side: left and right change places.
        var mirrored: Shape {
            switch self {
            case .box(let x, let y, let width, let height):
                .box(x: BodyOutline.width - x - width, y: y, width: width, height: height)
            case .oval(let x, let y, let rx, let ry): .oval(x: BodyOutline.width - x, y: y, rx: rx, ry: ry)
            }
        }
    }

    /// The child facing us: their right side on our left. Drawn in this order, a limb over the body.
    static let front: [(BodyPart, Shape)] = [
        (.head, .oval(x: 100, y: 36, rx: 22, ry: 28)),
        (.neck, .box(x: 86, y: 62, width: 28, height: 20)),
        (.chest, .box(x: 70, y: 80, width: 60, height: 70)),
        (.abdomen, .box(x: 72, y: 150, width: 56, height: 58)),
        (.groin, .box(x: 72, y: 208, width: 56, height: 30)),
        (.rightThigh, .box(x: 72, y: 238, width: 27, height: 84)),
        (.rightLowerLeg, .box(x: 74, y: 322, width: 24, height: 84)),
        (.rightFoot, .oval(x: 84, y: 418, rx: 18, ry: 13)),
        (.rightShoulder, .box(x: 44, y: 80, width: 28, height: 28)),
        (.rightUpperArm, .box(x: 42, y: 108, width: 24, height: 60)),
        (.rightForearm, .box(x: 36, y: 168, width: 24, height: 62)),
        (.rightHand, .oval(x: 47, y: 248, rx: 15, ry: 19)),
    ]

    /// The child's left side facing us, looking to our left.
    static let left: [(BodyPart, Shape)] = [
        (.head, .oval(x: 96, y: 36, rx: 24, ry: 28)),
        (.neck, .box(x: 82, y: 62, width: 28, height: 20)),
        (.leftSide, .box(x: 72, y: 80, width: 58, height: 130)),
        (.leftThigh, .box(x: 78, y: 210, width: 46, height: 110)),
        (.leftLowerLeg, .box(x: 82, y: 320, width: 34, height: 88)),
        (.leftFoot, .oval(x: 92, y: 416, rx: 26, ry: 13)),
        // The arm hangs at the front of the body (the child looks to our left), so the side of the
        // body behind it can be tapped too.
        (.leftShoulder, .oval(x: 88, y: 94, rx: 16, ry: 14)),
        (.leftUpperArm, .box(x: 76, y: 108, width: 22, height: 58)),
        (.leftForearm, .box(x: 74, y: 166, width: 22, height: 62)),
        (.leftHand, .oval(x: 85, y: 244, rx: 13, ry: 17)),
    ]

    static func shapes(_ view: BodyView) -> [(BodyPart, Shape)] {
        switch view {
        case .front: front + front.compactMap { part, shape in part.otherSide.map { ($0, shape.mirrored) } }
        case .back:
            // From behind, the child's left is on our left: the front's shapes, each part the one behind it.
            front.map { ($0.0.behind, $0.1) }
                + front.compactMap { part, shape in part.otherSide.map { ($0.behind, shape.mirrored) } }
        case .left: left
        case .right: left.map { ($0.0.otherSide ?? $0.0, $0.1.mirrored) }
        }
    }

    /// Lines that show which way an outline faces (a face from the front, a nose from the
    /// side), as SVG path data. They are drawn only: a tap goes through them to the part.
    static func cues(_ view: BodyView) -> [String] {
        switch view {
        case .front:
            [
                "M90 32a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0", "M105 32a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0",
                "M93 48q7 5 14 0",
            ]
        case .back: []
        case .left: ["M73 30l-8 12l9 2", "M80 32a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0"]
        case .right: ["M127 30l8 12l-9 2", "M115 32a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0"]
        }
    }

    /// R2.11: the child's right and left, lettered beside the front and back outlines (from the
    /// front the child's right is on our left; from behind, on our right). A side view is one side.
    static func sides(_ view: BodyView) -> [(x: Int, y: Int, right: Bool)] {
        switch view {
        case .front: [(14, 24, true), (186, 24, false)]
        case .back: [(14, 24, false), (186, 24, true)]
        case .left, .right: []
        }
    }

    /// How far outside its part's outline a mark may be (a tap just beside a hand is on it).
    static let reach = 16

    /// Whether a point marked is on `part` as `view` draws it, or within reach of it.
    static func holds(_ point: MapPoint, _ part: BodyPart, on view: BodyView) -> Bool {
        guard let shape = shapes(view).first(where: { $0.0 == part })?.1 else { return false }
        let x = point.x * width / MapPoint.scale
        let y = point.y * height / MapPoint.scale
        let (left, top, right, bottom) =
            switch shape {
            case .box(let x, let y, let width, let height): (x, y, x + width, y + height)
            case .oval(let x, let y, let rx, let ry): (x - rx, y - ry, x + rx, y + ry)
            }
        return (left - reach...right + reach).contains(x) && (top - reach...bottom + reach).contains(y)
    }

    /// Where a mark is drawn: where it was tapped, or the middle of its part.
    static func spot(of mark: InjuryMark) -> (x: Int, y: Int)? {
        if let point = mark.point {
            return (point.x * width / MapPoint.scale, point.y * height / MapPoint.scale)
        }
        return shapes(mark.view).first { $0.0 == mark.part }?.1.centre
    }
}

extension BodyPart {
    /// The same part on the child's other side, if it has one.
    var otherSide: BodyPart? {
        let name = rawValue
        if name.hasPrefix("left") { return BodyPart(rawValue: "right" + name.dropFirst(4)) }
        if name.hasPrefix("right") { return BodyPart(rawValue: "left" + name.dropFirst(5)) }
        return nil
    }

    /// The part behind this one: the back of the chest, tummy and groin; a limb is itself.
    var behind: BodyPart {
        switch self {
        case .chest: .upperBack
        case .abdomen: .lowerBack
        case .groin: .bottom
        default: otherSide ?? self
        }
    }
}
