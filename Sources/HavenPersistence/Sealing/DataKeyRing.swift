import Crypto
import Foundation
import HavenDomain

/// R7.4: one key that case content is sealed under, named by an id derived from it (which says
/// nothing of the key).
public struct DataKey: Sendable {
    public let id: String
    /// Immutable once made; swift-crypto does not mark it Sendable.
    nonisolated(unsafe) let key: SymmetricKey

    init(_ bytes: [UInt8]) {
        key = SymmetricKey(data: bytes)
        let mac = HMAC<SHA256>.authenticationCode(for: Data("haven data key id".utf8), using: key)
        id = Hex.encode(Array(mac.prefix(8)))
    }
}

/// R7.4: the keys case content is sealed under, held outside the database: `HAVEN_DATA_KEY`
/// (hexadecimal keys, separated by commas) or a key file (one key per line). The first is
/// current: new values are sealed under it. The others are earlier keys, kept to open what was
/// sealed before a rotation. A key file is read again when it changes (another process rotated
/// it), at most once a second.
public final class DataKeyRing: @unchecked Sendable {
    public let file: String?
    /// Told when the key file changed but could not be read (a server that cannot read a rotated
    /// key file goes on with the keys it has, and says so).
    public var problems: @Sendable (String) -> Void = { _ in }
    private let lock = NSLock()
    private var keys: [DataKey]
    private var modified: Date?
    private var checked = Date.distantPast
    /// Whether this process made the key file (a database with nothing sealed yet).
    public private(set) var madeNow = false

    init(keys: [DataKey], file: String?) {
        precondition(!keys.isEmpty, "a key ring has a current key")
        self.keys = keys
        self.file = file
        modified = file.flatMap(Self.modification)
    }

    /// A ring holding these keys only (tests, and what a variable gives).
    public convenience init(_ keys: [[UInt8]]) {
        self.init(keys: keys.map(DataKey.init), file: nil)
    }

    /// The key new values are sealed under.
    public var current: DataKey {
        refreshIfChanged(force: false)
        return lock.withLock { keys[0] }
    }

    public var all: [DataKey] { lock.withLock { keys } }

    /// The key with this id, reading the file again once if it is not known (rotated elsewhere).
    func key(id: String) -> DataKey? {
        if let key = lock.withLock({ keys.first { $0.id == id } }) { return key }
        refreshIfChanged(force: true)
        return lock.withLock { keys.first { $0.id == id } }
    }

    private func refreshIfChanged(force: Bool) {
        guard let file else { return }
        let now = Date()
        let due = lock.withLock { () -> Bool in
            guard force || now.timeIntervalSince(checked) >= 1 else { return false }
            checked = now
            return true
        }
        guard due, let changed = Self.modification(file), changed != lock.withLock({ modified }) else { return }
        let read: [DataKey]
        do {
            read = try Self.parse(try String(contentsOfFile: file, encoding: .utf8), source: file)
        } catch {
            lock.withLock { modified = changed }
            problems("the data key file \(file) changed but could not be read (\(error)); going on with the keys held")
            return
        }
        lock.withLock {
            keys = read
            modified = changed
        }
    }

    private static func modification(_ file: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date
    }

    static func parse(_ text: String, source: String) throws -> [DataKey] {
        // A `#` starts a note to the end of its line (Haven writes each key's id there).
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .joined(separator: "\n")
        let parts = uncommented.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        var keys: [DataKey] = []
        for part in parts {
            guard let bytes = Hex.decode(part), bytes.count == 32 else { throw DataKeyError.invalid(source) }
            keys.append(DataKey(bytes))
        }
        guard !keys.isEmpty else { throw DataKeyError.invalid(source) }
        return keys
    }

    /// The ring if there is one: the variable, else the file; nil if neither exists.
    public static func existing(hex: String?, file: String) throws -> DataKeyRing? {
        if let hex, !hex.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return DataKeyRing(keys: try parse(hex, source: "HAVEN_DATA_KEY"), file: nil)
        }
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw DataKeyError.unreadable(file, (error as NSError).localizedDescription)
        }
        let keys = try parse(text, source: file)
        // Readable by Haven's own user only, as the database is.
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        return DataKeyRing(keys: keys, file: file)
    }

    /// The ring for this database: the existing keys, or a new key file if (and only if) the
    /// database has never named a data key (`sealed` counts `data_sealing`'s rows; asked only
    /// when there is no key).
    public static func forDatabase(
        hex: String?, file: String, sealed: () async throws -> Int64, random: () -> [UInt8]
    ) async throws -> DataKeyRing {
        if let ring = try existing(hex: hex, file: file) { return ring }
        guard try await sealed() == 0 else { throw DataKeyError.missing(file: file) }
        return try create(file: file, key: random())
    }

    /// Makes a key file holding one new key. If another process made it first, its keys are used.
    static func create(file: String, key: [UInt8]) throws -> DataKeyRing {
        let made = try KeyFile.create(file, text: lines([DataKey(key)]))
        guard let ring = try existing(hex: nil, file: file) else { throw DataKeyError.invalid(file) }
        ring.madeNow = made
        return ring
    }

    /// The key file's text: one key per line, current first, each with its id as a note.
    static func lines(_ keys: [DataKey]) -> String {
        keys.enumerated().map { index, key in
            Hex.encode(Array(key.bytes)) + "  # id \(key.id)" + (index == 0 ? ", current" : "")
        }.joined(separator: "\n") + "\n"
    }

    /// Issue 13.1: makes `key` current in the key file, keeping every earlier key after it to
    /// open what they sealed. Processes serving from the same file take it up within a second.
    public func rotate(to key: [UInt8]) throws -> DataKey {
        guard let file else { throw DataKeyError.notAFile }
        let new = DataKey(key)
        // The keys in the file now (another process may have rotated it), then the ones held.
        let inFile = try Self.parse(try String(contentsOfFile: file, encoding: .utf8), source: file)
        var kept = [new]
        for key in inFile + all where !kept.contains(where: { $0.id == key.id }) { kept.append(key) }
        try KeyFile.replace(file, text: Self.lines(kept))
        lock.withLock {
            keys = kept
            modified = Self.modification(file)
        }
        return new
    }

    /// Issue 13.1: keeps only the current key in the file (once nothing is sealed under the
    /// others), provided it is still `expected`, the key everything was just checked to be under.
    public func retireEarlierKeys(keeping expected: String) throws {
        guard let file else { throw DataKeyError.notAFile }
        refreshIfChanged(force: true)
        let inFile = try Self.parse(try String(contentsOfFile: file, encoding: .utf8), source: file)
        guard let current = inFile.first, current.id == expected else { throw DataKeyError.changedMeanwhile(file) }
        try KeyFile.replace(file, text: Self.lines([current]))
        lock.withLock {
            keys = [current]
            modified = Self.modification(file)
        }
    }
}

extension DataKeyRing {
    /// Issue 13.1: runs `body` holding the key file's lock: rotations and retirements take turns.
    public func whileLocked<T>(_ body: () async throws -> T) async throws -> T {
        guard let file else { throw DataKeyError.notAFile }
        return try await KeyFile.withLock(file) {
            refreshIfChanged(force: true)
            return try await body()
        }
    }
}

extension DataKey {
    var bytes: [UInt8] { key.withUnsafeBytes { Array($0) } }
}

public enum DataKeyError: Error, CustomStringConvertible, Equatable {
    case invalid(String)
    case notAFile
    case missing(file: String)
    case notInRing(String, given: [String])
    case newDatabase(String)
    case changedMeanwhile(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .invalid(let source):
            "the data key in \(source) is not one or more keys of exactly 64 hexadecimal characters "
                + "(make one with `openssl rand -hex 32`)"
        case .notAFile:
            "keys given in HAVEN_DATA_KEY cannot be rotated by Haven: put the new key first in HAVEN_DATA_KEY, "
                + "the old one after it (comma-separated), and start Haven again"
        case .missing(let file):
            "the data key file \(file) is missing but case content in this database is sealed. "
                + "Haven will not make a new key for sealed content: restore the key file from its backup, or set HAVEN_DATA_KEY"
        case .notInRing(let id, let given):
            "case content in this database is sealed under the data key with id \(id), which is not among the keys "
                + "given (ids \(given.joined(separator: ", "))). Key files made by Haven note each key's id after it: "
                + "find the backed-up key file whose line says \(id), add that key after the current one, and start Haven again"
        case .changedMeanwhile(let file):
            "the key file \(file) changed while the earlier keys were being retired (another rotation?): nothing was "
                + "removed. Run `haven keys retire` again"
        case .unreadable(let file, let reason):
            "the data key file \(file) could not be read (\(reason)): it must be readable by the user Haven runs as"
        case .newDatabase(let file):
            "there was no data key file at \(file), so this command made a new, empty database and key here and "
                + "rotated nothing. Run it where Haven runs, with the same HAVEN_DATABASE_URL and HAVEN_DATA_KEY_FILE"
        }
    }
}
