import Crypto
import Foundation

public enum ReferralCopyTag {}
public typealias ReferralCopyID = Identifier<ReferralCopyTag>

/// R3.1: the kinds of document a copy of a referral form may be: a PDF, or a scan or photograph
/// of the form as a PNG or JPEG. Told by the file's first bytes, never by its name or by what
/// the sender says it is.
public enum DocumentType: String, CaseIterable, Codable, Sendable {
    case pdf = "application/pdf"
    case png = "image/png"
    case jpeg = "image/jpeg"

    /// The type `bytes` start as, if they are one of these.
    public static func sniffed(_ bytes: some Collection<UInt8>) -> DocumentType? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    /// The name's ending for this type.
    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .png: "png"
        case .jpeg: "jpg"
        }
    }
}

/// R3.1: a copy of a referral a member of staff made outside Haven (to children's social care, the
/// police, the LADO), kept with the concern it was about so the DSL can log the referral after
/// the fact. It is a document: Haven never keeps a picture of a child (R2.11), and the person
/// adding it says so.
public struct ReferralCopy: Equatable, Sendable {
    public let id: ReferralCopyID
    public let concernID: ConcernID
    public let addedBy: PersonID
    public let addedAt: Date
    public let type: DocumentType
    /// A name safe to show and to offer when it is downloaded.
    public let filename: String
    public let byteCount: Int
    /// The SHA-256 of the bytes, in hex, so a copy handed on can be checked against the one kept.
    public let sha256: String

    public init(
        id: ReferralCopyID, concernID: ConcernID, addedBy: PersonID, addedAt: Date, type: DocumentType,
        filename: String, byteCount: Int, sha256: String
    ) {
        self.id = id
        self.concernID = concernID
        self.addedBy = addedBy
        self.addedAt = addedAt
        self.type = type
        self.filename = filename
        self.byteCount = byteCount
        self.sha256 = sha256
    }

    /// The SHA-256 of `bytes`, in hex.
    public static func digest(_ bytes: [UInt8]) -> String { Hex.encode(SHA256.hash(data: bytes)) }

    /// The largest copy Haven keeps: a scanned form of a few pages, or a phone's photo of one.
    public static let byteLimit = 10 * 1024 * 1024
    /// The longest name kept.
    public static let filenameLimit = 100

    /// A copy larger than Haven keeps, as a mistake on the form.
    public static var tooLarge: [FieldError] {
        [
            .init(
                field: "file",
                message: Words("cases.referralCopy.tooLarge", ["most": .number(byteLimit / (1024 * 1024))]))
        ]
    }

    /// N2: what is wrong with a copy as sent (`file`), or its type (sniffed) and a safe name. A
    /// type the sender declares must agree with the bytes (a picture sent as a PDF is refused).
    public static func validated(
        bytes: some Collection<UInt8>, declaredType: String?, filename: String?, notAPicture: Bool
    ) throws -> (DocumentType, String) {
        var errors: [FieldError] = []
        var type: DocumentType?
        if bytes.isEmpty {
            errors.append(.init(field: "file", message: Words("cases.referralCopy.chooseAFile")))
        } else if bytes.count > byteLimit {
            errors += tooLarge
        } else {
            type = DocumentType.sniffed(bytes)
            let declared = declaredType.map {
                $0.prefix { $0 != ";" }.lowercased().trimmingCharacters(in: .whitespaces)
            }
            // A browser that does not know the type says so (octet-stream); any other claim must agree.
            if type == nil
                || (declared.map { !["", "application/octet-stream", type!.rawValue].contains($0) } ?? false)
            {
                errors.append(.init(field: "file", message: Words("cases.referralCopy.notADocument")))
                type = nil
            }
        }
        if !notAPicture {
            errors.append(.init(field: "notAPicture", message: Words("cases.referralCopy.sayItIsADocument")))
        }
        try InvalidInput.check(errors)
        return (type!, safeName(filename, type: type!))
    }

    /// A name made safe to show and to send back: the last part of any path, without control,
    /// direction or invisible characters, quotes or separators, at most `filenameLimit`
    /// characters, ending as its type does.
    public static func safeName(_ sent: String?, type: DocumentType) -> String {
        let last = (sent ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = last.unicodeScalars.filter { scalar in
            !NameText.isHidden(scalar) && !CharacterSet.controlCharacters.contains(scalar)
                && !scalar.properties.isDefaultIgnorableCodePoint
                && !"\"';:*?<>|%".unicodeScalars.contains(scalar)
        }
        let name = String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespaces)
        let ending = "." + type.fileExtension
        var stem = name
        if let dot = name.lastIndex(of: "."),
            (DocumentType.allCases.map(\.fileExtension) + ["jpeg"]).contains(
                name[name.index(after: dot)...].lowercased())
        {
            stem = String(name[..<dot])
        }
        stem = String(stem.trimmingCharacters(in: .whitespaces.union(["."])).prefix(filenameLimit - ending.count))
        if stem.isEmpty { stem = "referral-copy" }
        return stem + ending
    }
}
