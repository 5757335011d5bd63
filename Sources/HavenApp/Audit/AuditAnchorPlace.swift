import HavenPersistence
import Vapor

/// Issue 13.7: checks on the audit anchor made before Haven opens (or makes) a database or keys.
enum AuditAnchorPlace {
    /// - The anchor must be writable by this account (a folder not made, or made another's, is
    ///   found when Haven starts, not at its first commit). `haven audit verify` only reads it.
    /// - An anchor that already records a chain, beside a database with no audit events, means
    ///   HAVEN_DATABASE_URL names the wrong database (a typo, say): Haven would otherwise begin a
    ///   new, empty one there, with new keys, say it was ready, and tell the auditors the chain
    ///   had been altered (found walking docs/operations.md).
    static func check(
        _ anchor: AuditAnchor, file: String, database: DatabaseLocation, arguments: [String],
        events: () async throws -> Int64
    ) async throws {
        if CommandsWithoutDatabase.onlyReadsTheAnchor(arguments) { return }
        guard anchor.isWritable() else {
            throw ConfigurationError(problems: [
                "the audit anchor \(file) cannot be written by this account (its folder is missing, or it or its folder belongs to another account without giving this one write access): make it as docs/operations.md says, or set HAVEN_AUDIT_ANCHOR"
            ])
        }
        guard (anchor.size() ?? 0) > 0, try await events() == 0 else { return }
        throw ConfigurationError(problems: [
            "the audit anchor \(file) records the audit trail of a database, but \(database.redacted) has no audit events: is HAVEN_DATABASE_URL right? Haven does not begin a new, empty database beside another's anchor. To start a new database on purpose, give it an anchor of its own (HAVEN_AUDIT_ANCHOR)"
        ])
    }
}
