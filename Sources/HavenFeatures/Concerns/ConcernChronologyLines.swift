import HavenDomain

/// R3.2: each concern as recorded, and every addendum to it.
struct ConcernChronologyLines: ChronologySource {
    func entries(about concerns: [Concern], names: PersonNames, in tx: any Reading) async throws -> [ChronologyEntry] {
        var entries: [ChronologyEntry] = []
        for concern in concerns {
            entries.append(
                ChronologyEntry(
                    at: concern.recordedAt, kind: .concernRecorded, concernID: concern.id,
                    concernReference: concern.reference,
                    summary: concern.content.categories.map(\.title).joined(separator: ", ").nonEmpty
                        ?? "Concern recorded",
                    detail: concern.content.account, by: names[concern.recordedBy],
                    categories: concern.content.categories))
            for addendum in try await tx.concerns.addenda(concern.id) {
                entries.append(
                    ChronologyEntry(
                        at: addendum.addedAt, kind: .addendum, concernID: concern.id,
                        concernReference: concern.reference,
                        summary: addendum.reason.title, detail: addendum.text, by: names[addendum.author],
                        categories: concern.content.categories))
            }
        }
        return entries
    }
}
