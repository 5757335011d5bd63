import ConsoleKit
import HavenPersistence
import Vapor

/// `haven migrate`: brings the database's schema up to date. Never asks a question, so scripts
/// and CI can run it without a terminal.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Create or update Haven's database schema (never prompts)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        // Boot has already migrated and checked durability (see BootPreparation).
        let config = context.application.storage[ConfigKey.self]!
        context.console.print("Database is up to date: \(config.database.redacted)")
    }
}
