import Foundation
import Vapor

/// What the API answers with: JSON encoded by Haven's own encoder (ISO 8601 dates, keys in
/// order, so that the same answer is the same bytes: a refused record answers exactly like a
/// missing one). Nothing process-wide is configured for it.
protocol APIBody: Encodable, AsyncResponseEncodable, Sendable {}

enum HavenJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPStatus = .ok) throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(data: try encoder.encode(value)))
    }
}

extension APIBody {
    func encodeResponse(for request: Request) async throws -> Response { try HavenJSON.response(self) }

    func encodeResponse(status: HTTPStatus, for request: Request) async throws -> Response {
        try HavenJSON.response(self, status: status)
    }
}

/// The answer to a write that made one new record: its identifier.
struct CreatedID: APIBody { let id: String }
