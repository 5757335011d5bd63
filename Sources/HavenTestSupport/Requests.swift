import Foundation
import Vapor
import VaporTesting

/// In-process HTTP requests against the test application.
extension TestHaven {
    public func request(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil)
        async throws -> TestingHTTPResponse
    {
        var buffer: ByteBuffer?
        if let body { buffer = ByteBuffer(string: body) }
        return try await app.testing().performTest(
            request: TestingHTTPRequest(
                method: method, url: URI(path: path), headers: headers, body: buffer ?? ByteBuffer()))
    }

    /// A urlencoded form post with the session cookie and CSRF token.
    public func postForm(_ path: String, _ fields: [(String, String)], session: TestSession?, csrf: String? = nil)
        async throws -> TestingHTTPResponse
    {
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if let session { headers.add(name: "Cookie", value: "haven_session=\(session.token)") }
        let token = csrf ?? session?.csrf
        let all = fields + (token.map { [("_csrf", $0)] } ?? [])
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await request(.POST, path, headers: headers, body: body)
    }

    /// A JSON API call with the bearer token.
    public func api(_ method: HTTPMethod, _ path: String, session: TestSession?, json: String? = nil) async throws
        -> TestingHTTPResponse
    {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let session { headers.add(name: "Authorization", value: "Bearer \(session.token)") }
        return try await request(method, path, headers: headers, body: json)
    }

    public static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension String {
    /// The text without Unicode directional isolates (Haven sets people's names apart with them).
    public var withoutIsolates: String {
        replacingOccurrences(of: "\u{2068}", with: "").replacingOccurrences(of: "\u{2069}", with: "")
    }
}
