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

    /// The newest head recorded, if any. Only the end of the file is read (it gains a line per
    /// commit, so it can be large); a last line cut short by a crash is passed over.
    public func latest() throws -> (sequence: Int64, mac: String)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        var window: UInt64 = 4_096
        while true {
            let start = size > window ? size - window : 0
            try handle.seek(toOffset: start)
            let text = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            if start > 0, !lines.isEmpty { lines.removeFirst() }  // may begin mid-line
            for line in lines.reversed() {
                if let head = Self.parse(line) { return head }
            }
            if start == 0 { return nil }
            window *= 4
        }
    }

    /// "sequence mac": a positive sequence number and a MAC of 64 hexadecimal digits.
    static func parse(_ line: Substring) -> (sequence: Int64, mac: String)? {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence > 0, parts[1].count == 64,
              parts[1].allSatisfy(\.isHexDigit) else { return nil }
        return (sequence, String(parts[1]))
    }
}
