import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue 13.6: one `haven serve` per SQLite file. Each server's writer batches commits on the
/// assumption that it is the only one (and its outbox, audit watch and sign-in watch would run
/// twice), so a second server on the same file refuses to start, naming the first. Commands run
/// beside a server (`haven backup`, `haven demo`, `haven keys rotate`) do not take the lock.
/// The lock is the kernel's (flock, without waiting), so it goes when the process does, however
/// it ends. On PostgreSQL several servers share one database (issue 13.6), and no lock is taken.
public final class ServeLock: @unchecked Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    public static func acquire(for location: DatabaseLocation) throws -> ServeLock? {
        guard case .sqlite(let path) = location else { return nil }
        let file = path + ".serving"
        let fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ServeLockError.cannotOpen(file, String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
            close(fd)
            throw ServeLockError.alreadyServing(path, holder ?? "")
        }
        // Who holds it, for the message another server gives.
        let note = Array("process \(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = note.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return ServeLock(fd: fd)
    }
}

public enum ServeLockError: Error, CustomStringConvertible, Equatable {
    case alreadyServing(String, String)
    case cannotOpen(String, String)

    public var description: String {
        switch self {
        case .alreadyServing(let path, let holder):
            "another haven serve is already using \(path)\(holder.isEmpty ? "" : " (\(holder))"). One server per SQLite file: stop it first, or run several servers on PostgreSQL"
        case .cannotOpen(let file, let reason): "could not open \(file): \(reason)"
        }
    }
}
