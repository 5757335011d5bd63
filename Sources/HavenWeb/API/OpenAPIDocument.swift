import Foundation
import Vapor

/// The OpenAPI document Haven serves at /api/v1/openapi.json, assembled from the base part and
/// each module's own part (Resources/OpenAPI). A path or schema declared twice stops Haven at
/// start-up rather than one part silently replacing another's.
enum OpenAPIDocument {
    struct Clash: Error, CustomStringConvertible {
        let what: String
        var description: String { "the OpenAPI parts both declare \(what)" }
    }

    static func assemble(base: [String: Any], parts: [[String: Any]]) throws -> [String: Any] {
        var document = base
        var paths = base["paths"] as? [String: Any] ?? [:]
        var components = base["components"] as? [String: Any] ?? [:]
        var schemas = components["schemas"] as? [String: Any] ?? [:]
        for part in parts {
            for (path, operations) in part["paths"] as? [String: Any] ?? [:] {
                guard paths[path] == nil else { throw Clash(what: "the path \(path)") }
                paths[path] = operations
            }
            let partSchemas = (part["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
            for (name, schema) in partSchemas {
                guard schemas[name] == nil else { throw Clash(what: "the schema \(name)") }
                schemas[name] = schema
            }
        }
        components["schemas"] = schemas
        document["components"] = components
        document["paths"] = paths
        return document
    }

    /// The document as the registered modules describe it, as JSON bytes.
    static func load(from directory: URL, modules: [any WebModule] = WebModules.all) throws -> Data {
        func read(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw Abort(.internalServerError, reason: "OpenAPI part \(name) is not a JSON object")
            }
            return object
        }
        let document = try assemble(base: try read("base"), parts: try modules.compactMap(\.openAPIPart).map(read))
        return try JSONSerialization.data(
            withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }
}

/// Serves the assembled document (the API's own description, open to anyone).
struct OpenAPIRoute: Sendable {
    let document: Data

    func register(_ routes: any RoutesBuilder) {
        let document = self.document
        routes.grouped("api", "v1").on(.GET, "openapi.json", access: .open) { _ in
            Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: document))
        }
    }
}
