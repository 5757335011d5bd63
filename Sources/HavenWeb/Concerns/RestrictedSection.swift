import Foundation
import HavenDomain
import HavenFeatures
import Vapor

/// R7.1: the concern page's section for what the child shared in confidence, for the DSL and
/// deputies: how much there is, the reasons one of which must be given to read it (each reading
/// is audited with it), and a way to add more.
struct RestrictedSection: Encodable {
    let held: String
    let count: Int
    let purposes: [Choice]
    let noteLimit: Int
    let limit: Int

    init(id: ConcernID, count: Int, req: Request) {
        held = req.text(count == 0 ? "concern.restricted.none" : "concern.restricted.held", ["count": .number(count)])
        self.count = count
        purposes = RestrictedReadingPurpose.allCases.map { Choice(value: $0.rawValue, title: req.text($0.title)) }
        noteLimit = RestrictedReadingReason.noteLimit
        limit = RestrictedInformation.textLimit
    }
}

/// R7.1: restricted information as the DSL or a deputy reads it, on a page of its own that is
/// shown only in answer to a reason sent (never at an address that could be opened again).
struct RestrictedPage: Encodable {
    struct Line: Encodable {
        let at: String
        let by: String
        let text: String
    }

    let concernID: String
    let reference: String
    let reason: String
    let lines: [Line]

    init(_ reading: RestrictedReading, concernID: ConcernID, reason: RestrictedReadingReason, req: Request) {
        self.concernID = concernID.description
        reference = Concern.reference(for: concernID)
        self.reason = req.text(RestrictedReadingReason.words(recorded: reason.text))
        lines = reading.information.map {
            Line(
                at: req.display($0.addedAt),
                by: req.text(reading.names[$0.addedBy].map(Words.verbatim) ?? Words("person.unknown")),
                text: $0.text)
        }
    }
}
