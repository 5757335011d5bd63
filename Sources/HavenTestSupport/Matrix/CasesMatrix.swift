import Foundation
import HavenDomain
import HavenFeatures

/// Handling the fixture concern: delegated to the line manager (the delegate), an action on it,
/// an addendum by the DSL that only those handling it may read, and a second child to link.
public struct CasesMatrix: MatrixFixtures {
    public static let dslAddendum = "Gossamer-DSL-Addendum-Canary"
    public static let actionCanary = "Telephone-Pellucid-Action-Canary"
    public static let otherChild = "Philippa Other-Fixture"
    /// R3.1: inside a copy of a referral form.
    public static let referralCanary = "Quillon-Referral-Copy-Canary"

    public init() {}

    public func seed(_ haven: TestHaven, into world: inout MatrixWorld) async throws {
        let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
        let delegate = haven.people["line_manager"]!.id
        guard let concern = world.parameters["concernID"].flatMap(ConcernID.init(string:)) else {
            preconditionFailure("ConcernsMatrix seeds first")
        }
        let file = try await ReadConcern(haven.env)(concern, by: dsl)
        world.parameters["childID"] = file.child.id.description
        _ = try await DelegateCase(haven.env)(
            concern, to: delegate.description, note: "Please follow up at the club.", by: dsl)
        let action = try await SetAction(haven.env)(
            on: concern, description: "\(Self.actionCanary): call the school", owner: dsl.person.description,
            dueOn: "2026-12-01", by: dsl)
        world.parameters["actionID"] = action.id.description
        _ = try await AddAddendum(haven.env)(
            to: concern, reason: "further_information", text: "\(Self.dslAddendum): strategy meeting", by: dsl)
        let copy = try await KeepReferralCopy(haven.env).add(
            Array("%PDF-1.4\n\(Self.referralCanary)\n%%EOF".utf8), declaredType: "application/pdf",
            filename: "referral.pdf", notAPicture: true, to: concern, by: dsl)
        world.parameters["copyID"] = copy.id.description
        let other = try await haven.recordConcern(about: Self.otherChild, by: "activity_lead")
        let otherFile = try await ReadConcern(haven.env)(other.receipt.concernID, by: dsl)

        let handling = Permission.handleConcern(delegatedTo: delegate)
        world.secrets.append(MatrixSecret("the DSL's addendum", Self.dslAddendum, readableWith: handling))
        world.secrets.append(MatrixSecret("an action", Self.actionCanary, readableWith: handling))
        world.secrets.append(MatrixSecret("a copy of a referral form", Self.referralCanary, readableWith: handling))
        // Handing an action to someone else is handling the concern: the delegate may, as they may set actions.
        world.expect(
            .allowedBy(handling), "POST /concerns/:concernID/triage", "POST /api/v1/concerns/:concernID/triage",
            "POST /concerns/:concernID/actions", "POST /api/v1/concerns/:concernID/actions",
            "POST /actions/:actionID/complete",
            "POST /actions/:actionID/owner", "POST /concerns/:concernID/referral-copies",
            "GET /concerns/:concernID/referral-copies/:copyID", "POST /api/v1/concerns/:concernID/referral-copies",
            "GET /api/v1/concerns/:concernID/referral-copies/:copyID")
        world.expect(
            .allowedBy(.delegateCase), "POST /concerns/:concernID/delegate",
            "POST /api/v1/concerns/:concernID/delegation")
        world.expect(.allowedBy(.viewInbox), "GET /inbox", "GET /api/v1/inbox")
        world.expect(
            .allowedBy(.viewChildFile), "GET /children", "GET /children/:childID", "POST /children/:childID/open",
            "GET /api/v1/children/:childID/chronology", "POST /api/v1/children/:childID/openings",
            "GET /api/v1/children")
        world.expect(
            .allowedBy(.viewAccessLog), "GET /children/:childID/access-log", "GET /api/v1/children/:childID/access-log")
        world.expect(
            .allowedBy(.manageCase), "POST /children/:childID/household", "GET /handover",
            "POST /children/:childID/merge", "POST /children/:childID/separate", "POST /concerns/:concernID/child",
            "POST /concerns/:concernID/child/separate", "POST /concerns/:concernID/allegation",
            "POST /api/v1/concerns/:concernID/allegation", "GET /api/v1/concerns/:concernID/same-child",
            "POST /api/v1/concerns/:concernID/child", "POST /api/v1/concerns/:concernID/child/separate",
            "POST /api/v1/children/:childID/household", "POST /api/v1/children/:childID/merge",
            "POST /api/v1/children/:childID/separate")

        let triage: [(String, String)] = [
            ("outcome", "keep_under_review"), ("rationale", "Watching closely; no immediate risk tonight."),
            ("threshold", "universal"), ("consulted", "nobody"), ("reviewDate", "2026-12-20"),
        ]
        world.bodies["POST /concerns/:concernID/triage"] = { _, _ in .form(triage) }
        world.bodies["POST /api/v1/concerns/:concernID/triage"] = { _, _ in
            .json(
                #"{"outcome":"keep_under_review","rationale":"Watching closely; no immediate risk tonight.","threshold":"universal","consulted":"nobody","reviewDate":"2026-12-20"}"#
            )
        }
        let owner = dsl.person.description
        world.bodies["POST /concerns/:concernID/actions"] = { _, _ in
            .form([("description", "Visit the club"), ("owner", owner), ("dueOn", "2026-12-10")])
        }
        world.bodies["POST /api/v1/concerns/:concernID/actions"] = { _, _ in
            .json(#"{"description":"Visit the club","owner":"\#(owner)","dueOn":"2026-12-10"}"#)
        }
        world.bodies["POST /actions/:actionID/complete"] = { _, _ in .form([]) }
        world.bodies["POST /concerns/:concernID/referral-copies"] = { _, _ in
            .upload(
                [("notAPicture", "on")],
                TestHaven.UploadedFile(
                    filename: "copy.pdf", contentType: "application/pdf", bytes: Array("%PDF-1.4\nmatrix\n%%EOF".utf8)))
        }
        world.bodies["POST /api/v1/concerns/:concernID/referral-copies"] = { _, _ in
            .document(
                TestHaven.UploadedFile(
                    filename: "copy.pdf", contentType: "application/pdf", bytes: Array("%PDF-1.4\napi\n%%EOF".utf8)))
        }
        let deputy = haven.people["deputy_dsl"]!.id.description
        world.bodies["POST /actions/:actionID/owner"] = { _, _ in .form([("owner", deputy)]) }
        let delegateID = delegate.description
        world.bodies["POST /concerns/:concernID/delegate"] = { _, _ in
            .form([("delegate", delegateID), ("note", "Over to you")])
        }
        world.bodies["POST /api/v1/concerns/:concernID/delegation"] = { _, _ in
            .json(#"{"delegate":"\#(delegateID)","note":"Over to you"}"#)
        }
        let otherChild = otherFile.child.id.description
        world.bodies["POST /children/:childID/household"] = { _, _ in .form([("otherChild", otherChild)]) }
        world.bodies["POST /children/:childID/open"] = { _, _ in .form([("reason", "case_review")]) }
        // Issue 12.2: the other child's record into the fixture child's file, and out again; the
        // fixture concern's child into the other child's file, and out again.
        world.bodies["POST /children/:childID/merge"] = { _, _ in .form([("otherChild", otherChild)]) }
        world.bodies["POST /children/:childID/separate"] = { _, _ in .form([("record", otherChild)]) }
        world.bodies["POST /concerns/:concernID/child"] = { _, _ in .form([("file", otherChild)]) }
        world.bodies["POST /concerns/:concernID/child/separate"] = { _, _ in .form([]) }
        world.bodies["POST /api/v1/children/:childID/openings"] = { _, _ in .json(#"{"reason":"case_review"}"#) }
        world.bodies["POST /api/v1/children/:childID/household"] = { _, _ in
            .json(#"{"otherChild":"\#(otherChild)"}"#)
        }
        world.bodies["POST /api/v1/children/:childID/merge"] = { _, _ in .json(#"{"otherChild":"\#(otherChild)"}"#) }
        world.bodies["POST /api/v1/children/:childID/separate"] = { _, _ in .json(#"{"record":"\#(otherChild)"}"#) }
        world.bodies["POST /api/v1/concerns/:concernID/child"] = { _, _ in .json(#"{"childID":"\#(otherChild)"}"#) }
        world.bodies["POST /api/v1/concerns/:concernID/child/separate"] = { _, _ in .json("{}") }
        // Issue 12.7: the fixture concern names someone, so an allegation record can be started.
        world.bodies["POST /concerns/:concernID/allegation"] = { _, _ in .form([]) }
        world.bodies["POST /api/v1/concerns/:concernID/allegation"] = { _, _ in .json("{}") }
    }
}
