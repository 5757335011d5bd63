import Foundation
import HavenTestSupport
import Testing
import Vapor

@testable import HavenWeb

/// The OpenAPI document Haven serves is assembled from each module's part, and stays true:
/// every API route is documented, and every documented operation is a route. (Responses are
/// validated against its schemas by tests/e2e/test_api_contract.py.)
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static func operations(_ document: [String: Any]) throws -> Set<String> {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        return documented
    }

    @Test func theServedDocumentAndTheRouteTableAgree() async throws {
        try await TestHaven.with(.sqlite) { (haven: TestHaven) async throws in
            let response = try await haven.request(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            let documented = try Self.operations(document)
            let routes = Set(
                haven.app.routes.all.filter(HavenWeb.isAPIRoute).map { route in
                    "\(route.method.rawValue) /"
                        + route.path.map { component in
                            let text = component.description
                            return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
                        }.joined(separator: "/")
                })
            #expect(
                routes.subtracting(documented).isEmpty,
                "undocumented API routes: \(routes.subtracting(documented).sorted())")
            #expect(
                documented.subtracting(routes).isEmpty,
                "documented operations with no route: \(documented.subtracting(routes).sorted())")
            #expect(routes.count >= 15)
            // Every module's schemas are there for its paths to refer to.
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            #expect(Set(["Problem", "Session", "ConcernInput", "Inbox"]).isSubset(of: Set(schemas.keys)))
        }
    }

    @Test func aPathOrSchemaDeclaredByTwoModulesIsRefused() throws {
        let base: [String: Any] = [
            "paths": ["/api/v1/openapi.json": ["get": [:]]], "components": ["schemas": ["Problem": [:]]],
        ]
        let one: [String: Any] = ["paths": ["/api/v1/things": ["get": [:]]], "components": ["schemas": ["Thing": [:]]]]
        let samePath: [String: Any] = ["paths": ["/api/v1/things": ["post": [:]]]]
        let sameSchema: [String: Any] = ["components": ["schemas": ["Problem": ["type": "object"]]]]
        let assembled = try OpenAPIDocument.assemble(base: base, parts: [one])
        #expect(try Self.operations(assembled) == ["GET /api/v1/openapi.json", "GET /api/v1/things"])
        #expect(throws: OpenAPIDocument.Clash.self) {
            try OpenAPIDocument.assemble(base: base, parts: [one, samePath])
        }
        #expect(throws: OpenAPIDocument.Clash.self) { try OpenAPIDocument.assemble(base: base, parts: [sameSchema]) }
    }
}
