import Foundation
import HavenDomain
import HavenFeatures

/// The fixture concern: recorded by the reporter about a child whose details (name, date of
/// birth, address, school) and the alleged perpetrator's name are each a secret the matrix
/// looks for in every answer.
public struct ConcernsMatrix: MatrixFixtures {
    public static let childName = "Zebedee Quarrington-Fixture"
    public static let dateOfBirth = "2015-03-17"
    public static let address = "14 Marrowbone Lane, Fixtureham"
    public static let school = "Pellucid Hill Primary"
    public static let perpetrator = "Ignatius Veldhoen-Canary"
    public static let account = "Zebedee said the shouting at home frightens him."
    /// R7.1: what he shared in confidence, for the DSL and deputies alone.
    public static let confidence = "Zebedee asked us not to tell anyone he is trans-canary-fixture."

    public init() {}

    public func seed(_ haven: TestHaven, into world: inout MatrixWorld) async throws {
        let reporter = haven.people["reporter"]!.id
        let delegate = haven.people["line_manager"]!.id
        let recorder = Actor(person: reporter, roles: [.reporter], secondFactorPassed: false)
        let recorded = try await RecordConcern(haven.env)(
            ConcernDraft(
                child: ChildDetails(
                    name: Self.childName, dateOfBirth: Self.dateOfBirth, address: Self.address, school: Self.school),
                howItArose: .disclosedByChild, occurredAt: haven.clock.now(), location: "Hall", account: Self.account,
                categories: [.emotionalAbuse],
                allegedPerpetrator: AllegedPerpetrator(
                    name: Self.perpetrator, relationship: "mother's partner", worksWithChildren: false),
                restricted: Self.confidence),
            by: recorder)
        world.parameters["concernID"] = recorded.receipt.concernID.description
        // Case content: those who may read the concern, which is delegated to the line manager (CasesMatrix).
        let content = Permission.readConcern(recordedBy: reporter, delegatedTo: delegate)
        for (label, value) in [
            ("child's name", Self.childName), ("date of birth", Self.dateOfBirth), ("address", Self.address),
            ("school", Self.school), ("alleged perpetrator", Self.perpetrator), ("account", Self.account),
        ] {
            world.secrets.append(MatrixSecret(label, value, readableWith: content))
        }
        // R7.1: not even a delegate or the recorder who wrote it reads it back.
        world.secrets.append(
            MatrixSecret("what the child shared in confidence", Self.confidence, readableWith: .handleRestricted))
        try await recordWhileTheLeadsAreAway(haven, into: &world)

        world.expect(.allowedBy(.recordConcern), "GET /concerns/new", "POST /concerns", "POST /api/v1/concerns")
        world.expect(.signedIn, "GET /api/v1/categories")
        world.expect(
            .allowedBy(.viewReceipt(recordedBy: reporter)), "GET /receipts/:concernID",
            "GET /api/v1/concerns/:concernID/receipt")
        world.expect(.allowedBy(content), "GET /concerns/:concernID", "GET /api/v1/concerns/:concernID")
        world.expect(
            .allowedBy(.addAddendum(recordedBy: reporter, delegatedTo: delegate)),
            "POST /concerns/:concernID/addenda", "POST /api/v1/concerns/:concernID/addenda")

        world.expect(
            .allowedBy(.handleRestricted), "POST /concerns/:concernID/restricted",
            "POST /concerns/:concernID/restricted/add", "POST /api/v1/concerns/:concernID/restricted",
            "POST /api/v1/concerns/:concernID/restricted/read")
        world.bodies["POST /concerns/:concernID/restricted"] = { _, _ in .form([("reason", "protect_the_child")]) }
        world.bodies["POST /concerns/:concernID/restricted/add"] = { _, _ in .form([("text", "He said more.")]) }
        world.bodies["POST /api/v1/concerns/:concernID/restricted"] = { _, _ in .json(#"{"text":"He said more."}"#) }
        world.bodies["POST /api/v1/concerns/:concernID/restricted/read"] = { _, _ in
            .json(#"{"reason":"case_review"}"#)
        }
        world.bodies["POST /concerns"] = { _, _ in
            .form([
                ("child.name", "Matrix Newchild"), ("howItArose", "observed"),
                ("account", "Seen alone at the gate after dark."),
                ("categories", "neglect"),
            ])
        }
        world.bodies["POST /api/v1/concerns"] = { _, _ in
            .json(
                #"{"child":{"name":"Matrix Newchild"},"howItArose":"observed","account":"Seen alone at the gate after dark.","categories":["neglect"]}"#
            )
        }
        world.bodies["POST /concerns/:concernID/addenda"] = { _, _ in
            .form([("reason", "further_information"), ("text", "He said more today.")])
        }
        world.bodies["POST /api/v1/concerns/:concernID/addenda"] = { _, _ in
            .json(#"{"reason":"further_information","text":"He said more today."}"#)
        }
    }

    public static let awayChild = "Ottoline Chainroute-Fixture"

    /// A second concern, recorded in immediate danger while the DSL and deputy are away, so that
    /// its alert goes down the routing chain (to the line manager and the most senior manager).
    /// Being told a concern is waiting gives them no right to read it.
    func recordWhileTheLeadsAreAway(_ haven: TestHaven, into world: inout MatrixWorld) async throws {
        let leads = ["dsl", "deputy_dsl"].map { key in
            Actor(person: haven.people[key]!.id, roles: [key == "dsl" ? .dsl : .deputyDSL], secondFactorPassed: true)
        }
        for lead in leads { try await SetAvailability(haven.env)(unavailable: true, by: lead) }
        try await haven.recordConcern(about: Self.awayChild, by: "reporter", immediateDanger: true)
        for lead in leads { try await SetAvailability(haven.env)(unavailable: false, by: lead) }
        world.secrets.append(
            MatrixSecret(
                "the child whose alert went down the chain", Self.awayChild,
                readableWith: .readConcern(recordedBy: haven.people["reporter"]!.id), mustBeSeen: false))
    }
}
