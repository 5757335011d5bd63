import FluentKit
import SQLKit

/// R3.3: a child's chronology finds the concerns about them by `concerns.child_id` (the child a
/// concern is about is no longer repeated in `concern_subjects`, which keeps linked children).
struct M010_ConcernsByChild: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "concerns_child").on("concerns").column("child_id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "concerns_child").run()
    }
}
