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

    /// A request with a body of bytes.
    public func request(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, bytes: [UInt8]) async throws
        -> TestingHTTPResponse
    {
        try await app.testing().performTest(
            request: TestingHTTPRequest(
                method: method, url: URI(path: path), headers: headers, body: ByteBuffer(bytes: bytes)))
    }

    /// R3.1: a form with a file (`multipart/form-data`), as a browser sends it, with the session
    /// cookie and CSRF token.
    public func postFile(
        _ path: String, _ fields: [(String, String)], file: UploadedFile?, session: TestSession?
    ) async throws -> TestingHTTPResponse {
        let boundary = "----haven-test-\(UUID().uuidString)"
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        if let session { headers.add(name: "Cookie", value: "haven_session=\(session.token)") }
        return try await request(
            .POST, path, headers: headers,
            // The token first, as Haven's page sends it.
            bytes: Self.multipart((session.map { [("_csrf", $0.csrf)] } ?? []) + fields, file: file, boundary: boundary)
        )
    }

    /// A file as a browser sends it in a form.
    public struct UploadedFile: Sendable {
        public let field: String
        public let filename: String
        public let contentType: String
        public let bytes: [UInt8]

        public init(field: String = "file", filename: String, contentType: String, bytes: [UInt8]) {
            self.field = field
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    public static func multipart(_ fields: [(String, String)], file: UploadedFile?, boundary: String) -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.contentType)\r\n\r\n"
                    .utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return body
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

    /// A child's chronology over the API, opened first with a reason (issue 12.8).
    public func openedChronology(of child: String, session: TestSession) async throws -> String {
        let opened = try await api(
            .POST, "/api/v1/children/\(child)/openings", session: session, json: #"{"reason":"case_review"}"#)
        guard opened.status == .created else { return opened.body.string }
        return try await api(.GET, "/api/v1/children/\(child)/chronology", session: session).body.string
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
