import Foundation
@testable import HavenPersistence
import Testing

@Suite("R7.1 the audit anchor file")
struct AuditAnchorTests {
    private func withAnchor(_ body: (AuditAnchor, String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("haven-anchor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("anchor").path
        try body(AuditAnchor(path: path), path)
    }

    private func mac(_ n: Int) -> String { String(repeating: String(n % 16, radix: 16), count: 64) }

    private func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    @Test func noFileMeansNoAnchorYet() throws {
        try withAnchor { anchor, _ in
            let latest = try anchor.latest()
            #expect(latest == nil)
        }
    }

    /// A long file (a line per commit) gives its last head, read from the end.
    @Test func theNewestOfManyHeadsIsRead() throws {
        try withAnchor { anchor, path in
            for sequence in 1...5_000 { try anchor.record(sequence: Int64(sequence), mac: mac(sequence)) }
            #expect((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0) > 100_000)
            let latest = try anchor.latest()
            #expect(latest?.sequence == 5_000)
            #expect(latest?.mac == mac(5_000))
        }
    }

    /// A crash can cut the last line short: the last complete head is used, never a cut MAC.
    @Test func aLineCutShortByACrashIsPassedOver() throws {
        try withAnchor { anchor, path in
            for sequence in 1...3 { try anchor.record(sequence: Int64(sequence), mac: mac(sequence)) }
            try append("4 \(mac(4).prefix(20))", to: path)
            let latest = try anchor.latest()
            #expect(latest?.sequence == 3)
            #expect(latest?.mac == mac(3))
        }
    }

    /// Whatever is after the last good head, however long, the search reaches back to it.
    @Test func theLastGoodHeadIsFoundBehindALongDamagedTail() throws {
        try withAnchor { anchor, path in
            try anchor.record(sequence: 7, mac: mac(7))
            try append(String(repeating: "not an anchor line\n", count: 2_000), to: path)
            #expect(try anchor.latest()?.sequence == 7)
        }
    }
}
