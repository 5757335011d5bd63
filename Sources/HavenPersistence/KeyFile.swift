import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Key files (the audit key, the data keys): owner-only, written and synced with their folder
/// before they are used, so a key that sealed something is never lost to a crash.
public enum KeyFile {
    public struct CannotWrite: Error, CustomStringConvertible {
        public let file: String
        public let reason: String
        public var description: String { "could not write the key file \(file): \(reason)" }
    }

    /// Writes `text` to a new file; false if the file already exists (another process made it).
    static func create(_ file: String, text: String) throws -> Bool {
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 && errno == EEXIST { return false }
        guard fd >= 0 else { throw CannotWrite(file: file, reason: String(cString: strerror(errno))) }
        try writeAndSync(text, to: fd, file: file, removingOnFailure: file)
        syncFolder(of: file)
        return true
    }

    /// The file itself, through any symbolic links: a key file linked from elsewhere is changed
    /// where it lives, never replaced by a copy beside the link.
    static func resolved(_ file: String) -> String {
        URL(fileURLWithPath: file).resolvingSymlinksInPath().path
    }

    /// Runs `body` holding an exclusive lock on the folder the key file lives in, so that two
    /// processes changing it take turns, whichever path they reach it by. (A folder holding the
    /// key cannot be deleted from under the lock, as a lock file could.)
    static func withLock<T>(_ file: String, _ body: () async throws -> T) async throws -> T {
        let folder = (resolved(file) as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CannotWrite(file: folder, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        // Never blocks a thread: the lock is asked for without waiting, and asked again after a
        // pause (a thread blocked in flock could be the one the holder needs to finish).
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw CannotWrite(file: folder, reason: String(cString: strerror(errno)))
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }

    /// Replaces the file's contents all at once: a new file beside it, synced, renamed over it.
    /// A reader sees the old keys or the new, never half of either. The new file keeps the old
    /// one's owner, so that a Haven running as another user can still read it.
    static func replace(_ link: String, text: String) throws {
        let file = resolved(link)
        let temporary = file + ".new"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CannotWrite(file: temporary, reason: String(cString: strerror(errno))) }
        var old = stat()
        if stat(file, &old) == 0 {
            // The same owner, group and mode (never readable by everyone), so that whoever could
            // read the keys before can read them after.
            let owned = old.st_uid == getuid() && old.st_gid == getgid() || fchown(fd, old.st_uid, old.st_gid) == 0
            guard owned, fchmod(fd, old.st_mode & 0o770) == 0 else {
                close(fd)
                unlink(temporary)
                throw CannotWrite(
                    file: file, reason: "it belongs to another user (uid \(old.st_uid)): run this as that user")
            }
        }
        try writeAndSync(text, to: fd, file: temporary, removingOnFailure: temporary)
        guard rename(temporary, file) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CannotWrite(file: file, reason: reason)
        }
        syncFolder(of: file)
    }

    private static func writeAndSync(_ text: String, to fd: Int32, file: String, removingOnFailure path: String) throws
    {
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else {
            unlink(path)
            throw CannotWrite(file: file, reason: "the key could not be written and synced")
        }
    }

    /// Syncs the folder holding `file`, so that a file just linked or renamed into it stays.
    static func syncFolder(of file: String) {
        let folder = (file as NSString).deletingLastPathComponent
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }
}
