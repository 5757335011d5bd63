import Foundation
import HavenTestSupport
import HavenWeb
import Testing
import Vapor

/// The OpenAPI document in docs/ stays true: every API route is documented, and every documented
/// operation is a route. (Responses are validated against its schemas by tests/e2e/test_api_contract.py.)
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static var documentURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.json")
    }

    @Test func documentAndRouteTableAgree() async throws {
        let data = try Data(contentsOf: Self.documentURL)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(json["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        try await TestHaven.with(.sqlite) { (haven: TestHaven) async throws in
            let routes = Set(haven.app.routes.all.filter(HavenWeb.isAPIRoute).map { route in
                "\(route.method.rawValue) /" + route.path.map { component in
                    let text = component.description
                    return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
                }.joined(separator: "/")
            })
            #expect(routes.subtracting(documented).isEmpty, "undocumented API routes: \(routes.subtracting(documented).sorted())")
            #expect(documented.subtracting(routes).isEmpty, "documented operations with no route: \(documented.subtracting(routes).sorted())")
            #expect(routes.count >= 13)
        }
    }
}
