import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue 13.2: the files a backup or restore writes on the way (a plain snapshot beside the
/// database, a restored database before it is linked into place, a backup not yet whole) are
/// locked for as long as the command runs. One killed part-way leaves its files unlocked, and
/// the next backup or restore beside them removes them, so no plain copy of the records piles up
/// next to the database. A command still running holds its lock, and its files are left alone.
enum LeftoverFiles {
    /// Makes `path` (owner-only, never an existing file) and locks it; the lock lasts until the
    /// returned descriptor is closed (or the process ends).
    static func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw BackupError.cannotWrite(path, String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw BackupError.cannotWrite(path, String(cString: strerror(errno)))
        }
        return fd
    }

    /// Removes `base` + `marker` + eight characters, with `companions` appended to it, wherever
    /// nobody holds its lock.
    static func sweep(beside base: String, marker: String, companions: [String] = []) {
        let folder = (base as NSString).deletingLastPathComponent
        let prefix = (base as NSString).lastPathComponent + marker
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        for name in names where name.hasPrefix(prefix) && name.count == prefix.count + 8 {
            let path = (folder.isEmpty ? "" : folder + "/") + name
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                for leftover in [path] + companions.map({ path + $0 }) { unlink(leftover) }
            }
            close(fd)
        }
    }
}
