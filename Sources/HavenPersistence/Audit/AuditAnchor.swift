import Foundation
import HavenDomain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// R7.1: an append-only file outside the database holding the chain's head after each commit,
/// so that deleting the newest events (which leaves a chain that is valid as far as it goes) is
/// still detected. In production it lives where the database's owner cannot rewrite it: owned
/// by another user, writable by Haven's group, append-only (`chattr +a`); Haven only ever opens
/// it to append (docs/audit-format.md).
public struct AuditAnchor: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// Appends the head after its commit and syncs it to disk. A crash between the commit and
    /// this write leaves the anchor one commit behind the chain, never ahead of it. Lines only
    /// ever go up: under an exclusive lock the file's last head is read first, and a head at or
    /// before it (another process sharing the database recorded a later one already) is not
    /// written: the later head is returned (nil: `head` was written).
    @discardableResult
    public func record(_ head: AuditHead) throws -> AuditHead? {
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AuditAnchorError.cannotWrite(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else {
            throw AuditAnchorError.cannotWrite(path, String(cString: strerror(errno)))
        }
        defer { flock(fd, LOCK_UN) }
        if let last = Self.lastHead(fd), last.sequence >= head.sequence { return last }
        // A write cut short by a crash (or anything else appended) left no line feed: one goes
        // first, so that this line stands on its own instead of being joined to it.
        let line = Array(((Self.endsMidLine(fd) ? "\n" : "") + "\(head.sequence) \(head.mac)\n").utf8)
        var written = 0
        while written < line.count {
            let count = line[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw AuditAnchorError.cannotWrite(path, String(cString: strerror(errno))) }
            written += count
        }
        guard fdatasync(fd) == 0 else { throw AuditAnchorError.cannotWrite(path, String(cString: strerror(errno))) }
        return nil
    }

    /// The newest head recorded, if any. Only the end of the file is read (it gains a line per
    /// commit, so it can be large); a last line cut short by a crash is passed over.
    public func latest() throws -> AuditHead? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return Self.lastHead(fd)
    }

    /// Whether the account Haven runs as owns the anchor file (or would, when it makes it): then
    /// whoever can run as that account can trim it together with the newest events, and only a
    /// signed checkpoint would tell. In production it belongs to another user (docs/audit-format.md).
    public func ownedByThisProcess() -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return true }
        return info.st_uid == geteuid()
    }

    /// Issue 13.4: whether the next head could be appended: the file opens for appending (nothing
    /// is written), or, before its first line, its folder takes new files.
    public func isWritable() -> Bool {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        if fd >= 0 {
            close(fd)
            return true
        }
        guard errno == ENOENT else { return false }
        let folder = (path as NSString).deletingLastPathComponent
        return access(folder.isEmpty ? "." : folder, W_OK) == 0
    }

    /// The file's size now: a verification reads only the lines written before it read the events.
    public func size() -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_size) : nil
    }

    /// Every line in the first `limit` bytes, in order, read a block at a time.
    public func lines(upTo limit: UInt64) -> AuditAnchorLines { AuditAnchorLines(path: path, limit: limit) }

    private static func endsMidLine(_ fd: Int32) -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return false }
        var last: UInt8 = 0
        return pread(fd, &last, 1, info.st_size - 1) == 1 && last != UInt8(ascii: "\n")
    }

    /// Whether a line that is not a head is the beginning of one, as a write cut short by a
    /// crash leaves it: digits, then perhaps a space and fewer than 64 hexadecimal digits.
    static func isCutShort(_ line: some Collection<UInt8>) -> Bool {
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard let digits = parts.first, !digits.isEmpty, parts.count <= 2,
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return false }
        guard parts.count == 2 else { return true }
        return parts[1].count < 64
            && parts[1].allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }
    }

    private static func lastHead(_ fd: Int32) -> AuditHead? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = UInt64(info.st_size)
        var window: UInt64 = 4_096
        while true {
            let start = size > window ? size - window : 0
            var buffer = [UInt8](repeating: 0, count: Int(size - start))
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
            guard count >= 0 else { return nil }
            var lines = buffer[..<count].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            if start > 0, !lines.isEmpty { lines.removeFirst() }  // may begin mid-line
            for line in lines.reversed() {
                if let head = parse(line) { return head }
            }
            if start == 0 { return nil }
            window *= 4
        }
    }

    /// "sequence mac": a positive sequence number and a MAC of 64 lower-case hexadecimal digits.
    static func parse(_ line: some Collection<UInt8>) -> AuditHead? {
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 64,
            parts[1].allSatisfy({
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }),
            let sequence = Int64(String(decoding: parts[0], as: UTF8.self)), sequence > 0
        else { return nil }
        return AuditHead(sequence: sequence, mac: String(decoding: parts[1], as: UTF8.self))
    }
}

/// R7.1: the anchor's lines, read in blocks so that a file of any length takes constant memory.
/// A last line without its line feed is a write cut short by a crash, and is passed over.
public struct AuditAnchorLines: Sequence {
    let path: String
    let limit: UInt64

    public func makeIterator() -> Iterator { Iterator(path: path, limit: limit) }

    public final class Iterator: IteratorProtocol {
        private let handle: FileHandle?
        private var remaining: UInt64
        private var buffer: [UInt8] = []
        /// Where the next unread line starts in `buffer`.
        private var start = 0
        private var number = 0

        init(path: String, limit: UInt64) {
            handle = FileHandle(forReadingAtPath: path)
            remaining = handle == nil ? 0 : limit
        }

        deinit { try? handle?.close() }

        public func next() -> AuditAnchorLine? {
            while true {
                if let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = buffer[start..<end]
                    start = end + 1
                    number += 1
                    let head = AuditAnchor.parse(line)
                    // A write cut short by a crash, which the next write ended with a line feed.
                    if head == nil, AuditAnchor.isCutShort(line) { continue }
                    return AuditAnchorLine(number: number, head: head)
                }
                guard remaining > 0, let handle,
                    let block = try? handle.read(upToCount: Int(Swift.min(remaining, 65_536))), !block.isEmpty
                else { return nil }
                remaining -= UInt64(block.count)
                buffer.removeSubrange(..<start)
                start = 0
                buffer += block
            }
        }
    }
}

public enum AuditAnchorError: Error, CustomStringConvertible {
    case cannotWrite(String, String)
    /// The anchor's last line is not one of the chain's heads (beyond the chain's head, or with
    /// another MAC than the event there): events were deleted, or something other than Haven
    /// wrote the line. Haven adds nothing after it (lines only go up).
    case aheadOfTheChain(line: Int64, chainEnd: Int64)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "could not append to the audit anchor \(path): \(reason)"
        case .aheadOfTheChain(let line, let end) where line > end:
            "the audit anchor's last line (event \(line)) is beyond the chain's last event when checked (\(end)): "
                + "either the newest events were deleted, or something other than Haven wrote that line"
        case .aheadOfTheChain(let line, _):
            "the audit anchor's last line (event \(line)) does not match the chain's event \(line): either events "
                + "from there on were deleted and others written since, or something other than Haven wrote that line"
        }
    }
}

/// R7.1: an anchor line checked against the chain: whether the chain has an event at its
/// sequence with its MAC, and where the chain's head was.
struct AnchorLineCheck: Sendable, Equatable {
    let chainHead: Int64
    let holds: Bool
}
