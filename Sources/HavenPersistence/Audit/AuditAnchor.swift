import Foundation

/// R7.1: an append-only file outside the database holding the chain's head after each commit,
/// so that deleting the newest events (which leaves a chain that is valid as far as it goes) is
/// still detected.
public struct AuditAnchor: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// Appends the head. A crash between commit and this write only leaves the anchor behind the
    /// database, never ahead of it.
    public func record(sequence: Int64, mac: String) throws {
        let line = Data("\(sequence) \(mac)\n".utf8)
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }

    /// The newest head recorded, if any.
    public func latest() throws -> (sequence: Int64, mac: String)? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n").reversed() {
            let parts = line.split(separator: " ")
            if parts.count == 2, let sequence = Int64(parts[0]) { return (sequence, String(parts[1])) }
        }
        return nil
    }
}
