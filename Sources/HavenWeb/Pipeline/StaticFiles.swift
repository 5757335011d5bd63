import Vapor

/// Haven's stylesheet and script. Only a GET or HEAD under their folders looks at the disk;
/// every other request (a concern being recorded, say) goes straight on, instead of first
/// asking the file system whether its path happens to be a file.
struct StaticFiles: AsyncMiddleware {
    static let folders = ["/css/", "/js/"]
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, cachePolicy: .noCache)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD, Self.folders.contains(where: { path.hasPrefix($0) }) else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
