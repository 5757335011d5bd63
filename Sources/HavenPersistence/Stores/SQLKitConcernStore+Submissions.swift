import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// Issue 12.4: each concern's submission key, so that the same submission sent twice (a double tap,
/// a page sent again from history, a retrying client) records one concern; its fingerprint is
/// sealed (issue 13.1).
extension SQLKitConcernStore {
    func insertSubmission(_ key: SubmissionKey, of concern: Concern) async throws {
        try await sql.insert(into: "concern_submissions")
            .columns("recorded_by", "submission_key", "concern_id", "fingerprint")
            .values(
                SQLBind(concern.recordedBy.description), SQLBind(key.description), SQLBind(concern.id.description),
                SQLBind(
                    try sealer.seal(
                        concern.content.fingerprint, .submissionFingerprint, row: concern.id.description,
                        bound: [concern.recordedBy.description]))
            ).run()
    }

    func concern(submittedAs key: SubmissionKey, by person: PersonID) async throws -> (
        concern: ConcernID, fingerprint: String
    )? {
        struct Row: Decodable {
            let concernId: String
            let fingerprint: String
        }
        guard
            let row = try await sql.select().columns("concern_id", "fingerprint").from("concern_submissions")
                .where("recorded_by", .equal, SQLBind(person.description))
                .where("submission_key", .equal, SQLBind(key.description))
                .first(decoding: Row.self, with: rowDecoder), let id = ConcernID(string: row.concernId)
        else { return nil }
        return (
            id,
            try sealer.open(
                row.fingerprint, .submissionFingerprint, row: row.concernId, bound: [person.description])
        )
    }
}
