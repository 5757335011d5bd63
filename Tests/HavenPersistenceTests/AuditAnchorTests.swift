import Foundation
import HavenDomain
import HavenFeatures
import Logging
import Testing

@testable import HavenPersistence

@Suite("R7.1 the audit anchor file")
struct AuditAnchorTests {
    private func withAnchor(_ body: (AuditAnchor, String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-anchor-\(UUID().uuidString)")
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

    /// Found attacking issue 13: a write cut short by a crash (or anything appended without a line
    /// feed) was joined to the next line Haven wrote, and verification failed for ever after. Now
    /// the next line stands on its own and the cut one is passed over; a line that is not the
    /// beginning of one is still reported.
    @Test(arguments: ["2 2d8bc6", "2", "2 "])
    func aLineCutShortIsEndedAndPassedOver(cut: String) throws {
        try withAnchor { anchor, path in
            try anchor.record(AuditHead(sequence: 1, mac: mac(1)))
            try append(cut, to: path)
            try anchor.record(AuditHead(sequence: 2, mac: mac(2)))
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text == "1 \(mac(1))\n\(cut)\n2 \(mac(2))\n")
            let lines = Array(anchor.lines(upTo: anchor.size() ?? 0))
            #expect(lines.map(\.head) == [AuditHead(sequence: 1, mac: mac(1)), AuditHead(sequence: 2, mac: mac(2))])
        }
    }

    @Test(arguments: ["X", "2 zz", "2 \(String(repeating: "a", count: 65))", "two 2d8b"])
    func aLineThatIsNoBeginningOfOneIsStillReported(junk: String) throws {
        try withAnchor { anchor, path in
            try anchor.record(AuditHead(sequence: 1, mac: mac(1)))
            try append(junk + "\n", to: path)
            try anchor.record(AuditHead(sequence: 2, mac: mac(2)))
            let lines = Array(anchor.lines(upTo: anchor.size() ?? 0))
            #expect(lines.count == 3 && lines[1].head == nil && lines[1].number == 2)
        }
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
            for sequence in 1...5_000 { try anchor.record(AuditHead(sequence: Int64(sequence), mac: mac(sequence))) }
            #expect((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0) > 100_000)
            let latest = try anchor.latest()
            #expect(latest?.sequence == 5_000)
            #expect(latest?.mac == mac(5_000))
        }
    }

    /// A crash can cut the last line short: the last complete head is used, never a cut MAC.
    @Test func aLineCutShortByACrashIsPassedOver() throws {
        try withAnchor { anchor, path in
            for sequence in 1...3 { try anchor.record(AuditHead(sequence: Int64(sequence), mac: mac(sequence))) }
            try append("4 \(mac(4).prefix(20))", to: path)
            let latest = try anchor.latest()
            #expect(latest?.sequence == 3)
            #expect(latest?.mac == mac(3))
        }
    }

    /// Whatever is after the last good head, however long, the search reaches back to it.
    @Test func theLastGoodHeadIsFoundBehindALongDamagedTail() throws {
        try withAnchor { anchor, path in
            try anchor.record(AuditHead(sequence: 7, mac: mac(7)))
            try append(String(repeating: "not an anchor line\n", count: 2_000), to: path)
            #expect(try anchor.latest()?.sequence == 7)
        }
    }

    /// Every line is read back in order, in blocks; a last line cut short is passed over, and
    /// nothing past the size given (what was written before the events were read) is read.
    @Test func everyLineIsReadInOrder() throws {
        try withAnchor { anchor, path in
            for sequence in 1...3_000 { try anchor.record(AuditHead(sequence: Int64(sequence), mac: mac(sequence))) }
            let size = try #require(anchor.size())
            try append("3001 \(mac(3001))\n3002 \(mac(3002).prefix(10))", to: path)
            let lines = Array(anchor.lines(upTo: size))
            #expect(lines.count == 3_000)
            #expect(lines.map(\.number) == Array(1...3_000))
            #expect(lines.allSatisfy { $0.head?.sequence == Int64($0.number) && $0.head?.mac == mac($0.number) })
            let all = Array(anchor.lines(upTo: try #require(anchor.size())))
            #expect(all.count == 3_001)
        }
    }

    @Test func anUnreadableLineIsReportedAsSuch() throws {
        try withAnchor { anchor, path in
            try anchor.record(AuditHead(sequence: 1, mac: mac(1)))
            try append("not a line\n12 \(mac(12).uppercased())\n", to: path)
            let lines = Array(anchor.lines(upTo: try #require(anchor.size())))
            #expect(lines.map { $0.head == nil } == [false, true, true])
        }
    }

    /// Lines only go up: a head at or before the last one written (another process sharing the
    /// database recorded a later head first) is not appended. The file is owner-only.
    @Test func aHeadBehindTheLastLineIsNotWritten() throws {
        try withAnchor { anchor, path in
            try anchor.record(AuditHead(sequence: 5, mac: mac(5)))
            try anchor.record(AuditHead(sequence: 3, mac: mac(3)))
            try anchor.record(AuditHead(sequence: 5, mac: mac(5)))
            try anchor.record(AuditHead(sequence: 6, mac: mac(6)))
            #expect(Array(anchor.lines(upTo: try #require(anchor.size()))).compactMap(\.head?.sequence) == [5, 6])
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    /// A failure to write is thrown, never swallowed.
    @Test func aFailureToWriteIsThrown() throws {
        try withAnchor { _, path in
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            #expect(throws: AuditAnchorError.self) {
                try AuditAnchor(path: path).record(AuditHead(sequence: 1, mac: mac(1)))
            }
        }
    }

    /// Issue 13 (from an attack on the deployment): a line Haven did not write, beyond the chain's
    /// end, kept every later head out of the anchor without a word. It is now a failure, shown
    /// where a failed write is; a later line another server wrote (the chain reaches it) is not.
    @Test func aLineBeyondTheChainsEndIsAFailureALaterServersLineIsNot() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "haven-anchor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("anchor").path
        let anchor = AuditAnchor(path: path)
        try anchor.record(AuditHead(sequence: 1_000, mac: mac(1_000)))
        func record(_ writer: AnchorWriter, _ sequence: Int) async {
            await withCheckedContinuation { done in
                writer.record(AuditHead(sequence: Int64(sequence), mac: mac(sequence))) { done.resume() }
            }
        }
        func settled(_ health: AuditAnchorHealth, _ wanted: Bool) async throws -> AuditAnchorProblem? {
            for _ in 0..<100 where (health.problem != nil) != wanted { try await Task.sleep(for: .milliseconds(50)) }
            return health.problem
        }
        // Another server recorded 1,000, and the chain has reached it: nothing is wrong.
        let shared = AuditAnchorHealth()
        let sharing = AnchorWriter(
            anchor: anchor, health: shared, logger: Logger(label: "test"),
            chainHolds: { _ in AnchorLineCheck(chainHead: 1_002, holds: true) })
        await record(sharing, 999)
        try await Task.sleep(for: .milliseconds(300))
        #expect(shared.problem == nil)
        // The chain ends at 10: line 1,000 was never a head of it.
        let health = AuditAnchorHealth()
        let alarms = Alarms()
        health.whenAheadOfTheChain { alarms.ring() }
        let writer = AnchorWriter(
            anchor: anchor, health: health, logger: Logger(label: "test"),
            chainHolds: { _ in AnchorLineCheck(chainHead: 10, holds: false) })
        await record(writer, 10)
        let problem = try #require(try await settled(health, true))
        #expect(problem.aheadOfTheChain && problem.failures == 1)
        #expect(problem.reason.contains("(event 1000) is beyond the chain's last event when checked (10)"))
        #expect(problem.reason.contains("either the newest events were deleted"))
        #expect(alarms.value == 1)
        // Every commit after is a failure too, without reading the chain again.
        await record(writer, 11)
        #expect(health.problem?.failures == 2 && health.problem?.aheadOfTheChain == true)
        #expect(alarms.value == 1)
        // Put right (moved aside): the next head is written and the failure ends.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".kept")
        await record(writer, 12)
        #expect(health.problem == nil)
        #expect(try anchor.latest() == AuditHead(sequence: 12, mac: mac(12)))
    }
}

/// Counts how often the anchor's alarm rang.
private final class Alarms: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func ring() { lock.withLock { count += 1 } }
}
