/// Commands that touch no database and no key: asking for help, and making the checkpoint
/// signing key (run as root in /etc/haven, say). Anything else opens the database named by
/// `HAVEN_DATABASE_URL` and migrates it, which for these would make an empty database and keys
/// in whatever folder they were run from (found running `haven --help` in a source checkout).
enum CommandsWithoutDatabase {
    /// `arguments` without the program's name. Help is asked for when the first option, after
    /// the command's words, is `--help` or `-h` (not an option's value that happens to be one).
    static func contains(_ arguments: some Collection<String>) -> Bool {
        let words = arguments.prefix { !$0.hasPrefix("-") }
        if let option = arguments.dropFirst(words.count).first, option == "--help" || option == "-h" { return true }
        return Array(words.prefix(2)) == ["audit", "keygen"]
    }
}
