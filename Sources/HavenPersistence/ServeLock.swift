import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue 13.6: one `haven serve` per SQLite file. Each server's writer batches commits on the
/// assumption that it is the only one (and its outbox, audit watch and sign-in watch would run
/// twice), so a second server on the same file refuses to start. The lock is the kernel's
/// (flock, without waiting) on the database file itself, so it goes when the process does,
/// however it ends, and the same file reached by another name (a symbolic or hard link) is
/// the same lock; SQLite's own locks are of another kind and do not meet it. Commands run
/// beside a server (`haven backup`, `haven demo`, `haven keys rotate`) do not take it. On
/// PostgreSQL several servers share one database (issue 13.6), and no lock is taken.
public final class ServeLock: @unchecked Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    // Closing any descriptor on a file drops every POSIX lock the process holds on it, and
    // SQLite's locks are POSIX locks: this one is closed only once the application that holds it
    // is cleared away, after its database connections have all been shut down (Vapor shuts
    // down every stored service, the databases among them, before it clears its storage).
    deinit { close(fd) }

    public static func acquire(for location: DatabaseLocation) throws -> ServeLock? {
        guard case .sqlite(let path) = location else { return nil }
        // Made owner-only if it is not there yet, as Haven makes its database (`OwnerOnlyFiles`).
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ServeLockError.cannotOpen(path, String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw ServeLockError.alreadyServing(path)
        }
        return ServeLock(fd: fd)
    }
}

public enum ServeLockError: Error, CustomStringConvertible, Equatable {
    case alreadyServing(String)
    case cannotOpen(String, String)

    public var description: String {
        switch self {
        case .alreadyServing(let path):
            "another haven serve is already using \(path). One server per SQLite file: stop it first, or run several servers on PostgreSQL"
        case .cannotOpen(let file, let reason): "could not open \(file): \(reason)"
        }
    }
}
