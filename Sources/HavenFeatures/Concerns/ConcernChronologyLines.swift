import HavenDomain

/// R3.2: each concern as recorded, every addendum to it, and (R7.1) each time something shared
/// in confidence was written down with it: that it was, by whom, never what.
struct ConcernChronologyLines: ChronologySource {
    let kinds: [ChronologyKind] = [.concernRecorded, .addendum, .restrictedAdded]

    func entries(for lines: [ChronologyLine], concerns: [ConcernID: Concern], in tx: any Reading) async throws
        -> [ChronologyEntry]
    {
        let addenda = try await tx.concerns.addenda(
            ids: lines.filter { $0.kind == .addendum }.compactMap { AddendumID(string: $0.recordID) })
        let byID = Dictionary(addenda.map { ($0.id.description, $0) }, uniquingKeysWith: { first, _ in first })
        let confided = try await tx.concerns.restrictedAuthors(
            ids: lines.filter { $0.kind == .restrictedAdded }.compactMap {
                RestrictedInformationID(string: $0.recordID)
            })
        let names = try await PersonNames.of(
            lines.compactMap { concerns[$0.concernID]?.recordedBy } + addenda.map(\.author) + confided.values, in: tx)
        return lines.compactMap { line in
            if line.kind == .concernRecorded, let concern = concerns[line.concernID] {
                return entry(
                    line, concerns,
                    summary: concern.content.categories.isEmpty
                        ? ChronologyKind.concernRecorded.title : .list(concern.content.categories.map(\.title)),
                    // R2.1: an account passed on to the recorder says so wherever it is read.
                    detail: concern.content.provenance(of: .account) == .reported
                        ? Words("concerns.chronology.toldAccount", ["account": .text(concern.content.account)])
                        : .verbatim(concern.content.account), by: names[concern.recordedBy],
                    injuries: concern.content.injuries)
            }
            if line.kind == .addendum, let addendum = byID[line.recordID] {
                return entry(
                    line, concerns, summary: addendum.reason.title, detail: .verbatim(addendum.text),
                    by: names[addendum.author])
            }
            if line.kind == .restrictedAdded, let id = RestrictedInformationID(string: line.recordID),
                let author = confided[id]
            {
                return entry(
                    line, concerns, summary: Words("concerns.chronology.restrictedAdded"),
                    detail: Words("concerns.chronology.restrictedWhere"), by: names[author])
            }
            return nil
        }
    }
}
