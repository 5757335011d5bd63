/// R2.11: which way the body outline an injury is marked on faces. Left and right are the
/// child's own: the child's left side, the child's left arm.
public enum BodyView: String, CaseIterable, Codable, Sendable {
    case front
    case back
    case left
    case right

    public var title: Words {
        switch self {
        case .front: Words("concerns.bodyView.front")
        case .back: Words("concerns.bodyView.back")
        case .left: Words("concerns.bodyView.left")
        case .right: Words("concerns.bodyView.right")
        }
    }
}

/// R2.11: a part of the body an injury is on, as it is chosen without a pointer (a keyboard, a
/// screen reader) and as a tap on the outline names it. Left and right are the child's.
public enum BodyPart: String, CaseIterable, Codable, Sendable {
    case head, neck
    case rightShoulder, leftShoulder
    case chest, abdomen, groin
    case upperBack, lowerBack, bottom
    case rightSide, leftSide
    case rightUpperArm, leftUpperArm, rightForearm, leftForearm, rightHand, leftHand
    case rightThigh, leftThigh, rightLowerLeg, leftLowerLeg, rightFoot, leftFoot

    /// Which side of the child the part is on, if one.
    var side: BodyView? {
        rawValue.hasPrefix("left") ? .left : rawValue.hasPrefix("right") ? .right : nil
    }

    /// The outlines the part can be seen on: a limb from the front, the back and its own side;
    /// the chest only from the front; the head and neck from every way.
    public var views: [BodyView] {
        switch self {
        case .head, .neck: BodyView.allCases
        case .chest, .abdomen, .groin: [.front]
        case .upperBack, .lowerBack, .bottom: [.back]
        case .leftSide: [.left]
        case .rightSide: [.right]
        default: [.front, .back] + (side.map { [$0] } ?? [])
        }
    }

    /// The parts an outline shows, in the order they are listed.
    public static func shown(on view: BodyView) -> [BodyPart] { allCases.filter { $0.views.contains(view) } }

    public var title: Words { Words("concerns.bodyPart." + rawValue) }
}

/// R2.11: where on an outline a mark was tapped, in thousandths of the outline's width and
/// height from its top left corner, so the drawing can change and the mark stays put.
public struct MapPoint: Equatable, Sendable, Codable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    public static let scale = 1000
    var isOnTheOutline: Bool { (0...Self.scale).contains(x) && (0...Self.scale).contains(y) }
}

/// R2.11: one injury marked on the body map: where it is, how big, what colour, and what the
/// child said about it in their own words. Never a picture: Haven keeps no image of a child's body.
public struct InjuryMark: Equatable, Sendable, Codable {
    public var view: BodyView
    public var part: BodyPart
    /// Where it was tapped; nil when it was chosen from the list.
    public var point: MapPoint?
    public var size: String?
    public var colour: String?
    /// What the child said about it, in their own words; nil if they said nothing.
    public var explanation: String?

    public init(
        view: BodyView, part: BodyPart, point: MapPoint? = nil, size: String? = nil, colour: String? = nil,
        explanation: String? = nil
    ) {
        self.view = view
        self.part = part
        self.point = point
        self.size = cleaned(size)
        self.colour = cleaned(colour)
        self.explanation = cleaned(explanation)
    }

    /// The longest size or colour, and the longest explanation, in characters.
    public static let longestDetail = 200
    public static let longestExplanation = 4000

    /// N2: what is wrong with the mark at `index`, each problem naming its field
    /// (`injuries[0].part`) and, in its words, the mark by its number from one.
    func validationErrors(index: Int) -> [FieldError] {
        var errors: [FieldError] = []
        let field = "injuries[\(index)]"
        let mark: [String: Words.Argument] = ["mark": .number(index + 1)]
        if !part.views.contains(view) {
            errors.append(
                .init(
                    field: "\(field).part",
                    message: Words(
                        "concerns.injuries.partNotOnView",
                        mark.merging(["part": .words(part.title), "view": .words(view.title)]) { $1 })))
        }
        if let point, !point.isOnTheOutline {
            errors.append(.init(field: "\(field).point", message: Words("concerns.injuries.pointOffTheOutline", mark)))
        }
        for (name, text) in [("size", size), ("colour", colour)] where (text?.count ?? 0) > Self.longestDetail {
            errors.append(
                .init(
                    field: "\(field).\(name)",
                    message: Words(
                        "concerns.injuries.detailTooLong", mark.merging(["most": .number(Self.longestDetail)]) { $1 })))
        }
        if (explanation?.count ?? 0) > Self.longestExplanation {
            errors.append(
                .init(
                    field: "\(field).explanation",
                    message: Words(
                        "concerns.injuries.explanationTooLong",
                        mark.merging(["most": .number(Self.longestExplanation)]) { $1 })))
        }
        return errors
    }
}

/// R2.11: Haven keeps no picture of a child. A picture can still be pasted into a text box: as
/// a data address (`data:image/png;base64,…`, however it is spaced, escaped or cased), as SVG
/// markup, or as its raw base64. Text holding one is refused, whatever it shows. A data address
/// of text (a link a child was sent, quoted as evidence) is not a picture. Read in one pass, each
/// place looked at only a bounded distance ahead, so a long answer costs no more than its length.
public enum PictureInText {
    /// How far after `data:` the kind of data is looked for.
    static let header = 120
    /// The shortest run of base64 taken as a picture's data: a few hundred bytes of image.
    static let longestPlainRun = 400

    public static func found(in text: String?) -> Bool {
        guard let text, text.count > 10 else { return false }
        // As a browser would read an address: compatibility forms folded (a fullwidth colon is a
        // colon), in small letters.
        // Characters that show nothing are dropped ("da\u{200B}ta:" is "data:").
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars.filter {
            $0.properties.generalCategory != .format
        }
        if dataAddress(in: Array(folded)) || svg(in: Array(folded)) { return true }
        return base64Run(in: Array(text.unicodeScalars))
    }

    /// Spaces and characters that show nothing, which a browser drops from an address.
    static func unseen(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .format
    }

    static func dataAddress(in scalars: [Unicode.Scalar]) -> Bool {
        let word: [Unicode.Scalar] = ["d", "a", "t", "a"]
        var index = 0
        while index + 4 < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "d", Array(scalars[index..<index + 4]) == word else { continue }
            // At the start of a word: "metadata:" is not an address.
            if index > 0, scalars[index - 1].properties.isAlphabetic || ("0"..."9").contains(scalars[index - 1]) {
                continue
            }
            var after = index + 4
            while after < scalars.count, unseen(scalars[after]) { after += 1 }
            guard after < scalars.count, scalars[after] == ":" else { continue }
            // What kind of data: up to the comma, without spaces, escapes undone.
            var kind = ""
            var at = after + 1
            while at < scalars.count, at < after + 1 + header, scalars[at] != "," {
                if !unseen(scalars[at]) { kind.unicodeScalars.append(scalars[at]) }
                at += 1
            }
            kind = kind.removingPercentEncoding ?? kind
            if kind.hasPrefix("image/") || kind.hasPrefix("image%") { return true }
            if kind.contains("base64"), !kind.hasPrefix("text/") { return true }
        }
        return false
    }

    static func svg(in scalars: [Unicode.Scalar]) -> Bool {
        let tag: [Unicode.Scalar] = ["<", "s", "v", "g"]
        guard scalars.count >= 4 else { return false }
        for index in 0...(scalars.count - 4) where scalars[index] == "<" && Array(scalars[index..<index + 4]) == tag {
            return true
        }
        return false
    }

    /// A long run of base64 (line breaks allowed, as email wraps it) with capitals, small letters
    /// and digits in it, as encoded data has and words do not.
    static func base64Run(in scalars: [Unicode.Scalar]) -> Bool {
        var length = 0
        var upper = false
        var lower = false
        var digit = false
        for scalar in scalars {
            switch scalar {
            case "A"..."Z": upper = true
            case "a"..."z": lower = true
            case "0"..."9": digit = true
            case "+", "/", "=": break
            case "\r", "\n": continue
            default:
                length = 0
                (upper, lower, digit) = (false, false, false)
                continue
            }
            length += 1
            if length >= longestPlainRun, upper, lower, digit { return true }
        }
        return false
    }
}
