import Vapor

/// Haven's stylesheet, script and icon. Only a GET or HEAD under their folders looks at the disk;
/// every other request (a concern being recorded, say) goes straight on, instead of first
/// asking the file system whether its path happens to be a file.
struct StaticFiles: AsyncMiddleware {
    static let folders = ["/css/", "/js/", "/img/"]
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, cachePolicy: .noCache)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD, Self.folders.contains(where: { path.hasPrefix($0) })
        else {
            return try await next.respond(to: request)
        }
        // Only a plain file name directly in its folder: anything encoded, `..`, NUL or a
        // deeper path is not one of Haven's files, and answers 404 like any unknown page.
        guard Self.isPlainFile(path) else { throw Abort(.notFound) }
        return try await files.respond(to: request, chainingTo: next)
    }

    /// `/css/name.ext`, `/js/name.ext` or `/img/name.ext`, the name in letters, digits, `-`, `_` and `.`, not starting with a dot.
    static func isPlainFile(_ path: String) -> Bool {
        guard let folder = folders.first(where: { path.hasPrefix($0) }) else { return false }
        let name = path.utf8.dropFirst(folder.utf8.count)
        guard let first = name.first, first != UInt8(ascii: "."), name.count <= 64 else { return false }
        return name.allSatisfy { LocalPath.isPlain($0) && $0 != UInt8(ascii: "~") } && !name.elementsEqual("..".utf8)
    }
}
