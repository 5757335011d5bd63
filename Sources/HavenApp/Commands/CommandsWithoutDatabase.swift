/// Commands that touch no database and no key: asking for help (anywhere on the line, as the
/// command-line parser takes `-h` and `--help` even where an option's value might be), making the
/// checkpoint signing key (run as root in /etc/haven, say), and a command Haven does not have
/// (it is only told so). Anything else opens the database named by `HAVEN_DATABASE_URL` and
/// migrates it, which for these would make an empty database and keys in whatever folder they
/// were run from (found running `haven --help` in a source checkout).
enum CommandsWithoutDatabase {
    /// The commands that open the database; no first word (or an option first) is `serve`.
    static let opening: Set<String> = ["serve", "migrate", "demo", "audit", "user", "keys", "backup", "restore"]

    /// `arguments` without the program's name.
    static func contains(_ arguments: some Collection<String>) -> Bool {
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) { return true }
        if let first = arguments.first, !first.hasPrefix("-"), !opening.contains(first) { return true }
        return Array(arguments.prefix(2)) == ["audit", "keygen"]
    }

    /// `haven audit verify` only reads: it never writes or begins the audit anchor, and reports
    /// a missing or unwritable one as a fault instead of being stopped by it.
    static func onlyReadsTheAnchor(_ arguments: some Collection<String>) -> Bool {
        Array(arguments.prefix(2)) == ["audit", "verify"]
    }
}
