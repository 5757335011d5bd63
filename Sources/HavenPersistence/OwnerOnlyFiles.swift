import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue 13.1, R7.4: the database file is readable by Haven's own user only (0600). SQLite makes
/// its write-ahead log and shared-memory files with the database file's permissions, so creating
/// the file owner-only first keeps them so too. A file made before this is tightened when opened.
public enum OwnerOnlyFiles {
    public struct Refused: Error, CustomStringConvertible {
        public let path: String
        public let code: Int32
        public var description: String { "could not make \(path) readable by Haven's user only (errno \(code))" }
    }

    /// Creates `path` empty and owner-only if it does not exist; otherwise makes it, and the
    /// log files beside it, owner-only.
    public static func keepDatabase(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
            return
        }
        guard errno == EEXIST else { throw Refused(path: path, code: errno) }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            guard chmod(file, 0o600) == 0 else { throw Refused(path: file, code: errno) }
        }
    }
}
