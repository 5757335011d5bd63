import Vapor

/// Where someone goes after signing in (or where a kept form is sent again). It arrives in a
/// link or a form, so it is hostile until
/// checked (ARCHITECTURE rule 10): it is kept only if it is a path one of Haven's own pages
/// answers to (a route for the method, neither open nor part of the API, with an id wherever the
/// route takes one), written in the plain characters of a path. No query, fragment or percent-encoding, no dot segments, no empty
/// segments (so never `//`), no backslash or control character, at most 200 characters.
/// Anything else is refused and the caller sends the person home instead.
struct LocalPath: Equatable, Sendable, CustomStringConvertible {
    let description: String

    static let home = LocalPath(checked: "/")
    static let keptForms = LocalPath(checked: "/account/kept-forms")
    static let maximumLength = 200

    private init(checked: String) { description = checked }

    init?(_ text: String, routes: Routes, method: HTTPMethod = .GET) {
        guard text.utf8.count <= Self.maximumLength, text.utf8.first == UInt8(ascii: "/") else { return nil }
        let segments: [Substring] =
            text == "/" ? [] : text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
        for segment in segments {
            guard !segment.isEmpty, segment != ".", segment != "..", segment.utf8.allSatisfy(Self.isPlain) else {
                return nil
            }
        }
        guard routes.all.contains(where: { $0.method == method && Self.isPage($0) && Self.matches($0.path, segments) })
        else { return nil }
        description = text
    }

    /// Letters, digits and `-`, `_`, `.`, `~`: what Haven's own paths and ids are made of.
    static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): true
        default: false
        }
    }

    private static func isPage(_ route: Route) -> Bool {
        !(route.access?.isOpen ?? false) && route.path.first != .constant("api")
    }

    private static func matches(_ pattern: [PathComponent], _ segments: [Substring]) -> Bool {
        guard pattern.count == segments.count else { return false }
        return zip(pattern, segments).allSatisfy { component, segment in
            switch component {
            case .constant(let name): name == segment
            // Every route parameter in Haven is a record's id.
            case .parameter, .anything: UUID(uuidString: String(segment)) != nil
            case .catchall: false
            }
        }
    }

    /// The path as the value of a query parameter (its slashes percent-encoded too).
    var queryValue: String { Self.queryValue(description) }

    /// Any text as the value of a query parameter: every byte but letters, digits and `-_.~`
    /// percent-encoded, so nothing in it can end the value, the URL or the header it is in.
    static func queryValue(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isPlain(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Request {
    /// The `next` the request carries (query or form), if it is one of Haven's own pages.
    func localNext(fromForm form: String? = nil) -> LocalPath? {
        let candidate = form ?? (try? query.get(String.self, at: "next"))
        return candidate.flatMap { LocalPath($0, routes: application.routes) }
    }
}
