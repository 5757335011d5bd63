import Foundation
import HavenDomain
import Testing

@testable import HavenPersistence

/// Rows as earlier versions of Haven wrote them (copied from a database they wrote, with the
/// words changed), read by today's code. A renamed or retyped field in a stored value fails here
/// instead of making older records unreadable.
@Suite("Stored rows written by earlier versions still read")
struct RowGoldenTests {
    static let person = "01A22B42-3697-7F14-B568-CFA15311C218"
    static let concern = "01A22B42-36CB-7C6F-8106-AA61B0144B7E"

    /// An action kept before Haven had calendar days: due at midnight UTC, created with a
    /// fraction of a millisecond.
    @Test func anActionKeptAsVersion1() throws {
        let body = """
            {"description":"Review this concern (Keep under review)","id":"01A22B42-36DF-7928-9032-A08EE7307C15",\
            "concernID":"\(Self.concern)","owner":"\(Self.person)","childID":"01A22B42-36CB-7198-A26D-422CEBB44613",\
            "createdBy":"\(Self.person)","dueOn":1796601600000,"createdAt":1796022089439.7974}
            """
        let action = try CaseActionBodyV1.decode(body)
        #expect(action.dueOn == Day(2026, 12, 7))
        #expect(action.owner.description == Self.person.lowercased())
        #expect(action.createdAt.millis == 1_796_022_089_439)
        #expect(action.completedAt == nil && action.completedBy == nil)
        // Written back, it reads the same, and the due day is still midnight UTC in milliseconds.
        let again = try CaseActionBodyV1.encode(action)
        #expect(try CaseActionBodyV1.decode(again) == action)
        #expect(again.contains(#""dueOn":1796601600000"#))
    }

    @Test func aCompletedActionKeptAsVersion1() throws {
        let body = """
            {"description":"Ring the school","id":"01A22B42-36DF-7928-9032-A08EE7307C16","concernID":"\(Self.concern)",\
            "owner":"\(Self.person)","childID":"01A22B42-36CB-7198-A26D-422CEBB44613","createdBy":"\(Self.person)",\
            "dueOn":1796601600000,"createdAt":1796022089439.7974,"completedAt":1796022099000,\
            "completedBy":"\(Self.person)"}
            """
        let action = try CaseActionBodyV1.decode(body)
        #expect(action.completedAt?.millis == 1_796_022_099_000)
        #expect(action.completedBy?.description == Self.person.lowercased())
    }

    @Test func aDecisionAsKept() throws {
        let body = """
            {"decidedAt":1796022089439.7974,"decidedBy":"\(Self.person)","rationale":"Worried about home; safe tonight \
            with her grandmother.","outcome":"keep_under_review","id":"01A22B42-36DF-7702-A486-9BEC9F4F0277",\
            "concernID":"\(Self.concern)","threshold":"intensive","consulted":"Deputy DSL",\
            "reviewDate":1796601600000,"outcomeSharedWithRecorder":"Thank you: the DSL is following this up."}
            """
        let decision = try TriageDecisionBodyV1.decode(body)
        #expect(decision.outcome == .keepUnderReview && decision.threshold == .intensive)
        #expect(decision.reviewDate.map { Day(utc: $0) } == Day(2026, 12, 7))
        #expect(decision.outcomeSharedWithRecorder == "Thank you: the DSL is following this up.")
        #expect(try TriageDecisionBodyV1.decode(try TriageDecisionBodyV1.encode(decision)) == decision)
        #expect(try Self.keys(body) == (try Self.keys(TriageDecisionBodyV1.encode(decision))))
    }

    @Test func aConcernsContentAndRouteAsKept() throws {
        let content = """
            {"account":"She said \\"he shouts and I hide\\".","childLocationNow":"With her grandmother",\
            "linkedChildren":[],"actionTaken":"Listened","categories":["emotional_abuse","domestic_abuse"],\
            "occurredAt":1796011289419.1155,"immediateDanger":false,"child":{"name":"Tess Invented",\
            "approximateAge":9,"school":"Demo Primary"},"accountProvenance":"first_hand",\
            "howItArose":"disclosed_by_child","location":"Art room","whoWasPresent":"Two children",\
            "injury":"Small bruise, left forearm"}
            """
        let draft = try ConcernContentV1.decode(content)
        #expect(draft.account == #"She said "he shouts and I hide"."#)
        #expect(draft.categories == [.emotionalAbuse, .domesticAbuse])
        #expect(draft.child.name == "Tess Invented" && draft.child.approximateAge == 9)
        #expect(draft.howItArose == .disclosedByChild && draft.accountProvenance == .firstHand)
        #expect(try ConcernContentV1.decode(try ConcernContentV1.encode(draft)) == draft)
        #expect(try Self.keys(content) == (try Self.keys(ConcernContentV1.encode(draft))))
        let routeRow =
            #"{"steps":[{"link":"dsl","person":"\#(Self.person)","outcome":"chosen"}],"handler":"\#(Self.person)"}"#
        let route = try AlertRouteV1.decode(routeRow)
        #expect(route.handler?.description == Self.person.lowercased())
        #expect(route.steps.count == 1)
        #expect(try Self.keys(routeRow) == (try Self.keys(AlertRouteV1.encode(route))))
    }

    @Test func aDelegationAsKept() throws {
        let body = """
            {"concernID":"\(Self.concern)","delegate":"\(Self.person)","delegatedBy":"\(Self.person)",\
            "delegatedAt":1796022089439.7974,"note":"Please speak to mum"}
            """
        let delegation = try CaseDelegationBodyV1.decode(body)
        #expect(delegation.note == "Please speak to mum")
        #expect(delegation.delegatedAt.millis == 1_796_022_089_439)
        #expect(try Self.keys(body) == (try Self.keys(CaseDelegationBodyV1.encode(delegation))))
    }

    /// A child's details as kept in `children.details`.
    @Test func aChildAsKept() throws {
        let row = #"{"name":"Tess Invented","approximateAge":9,"school":"Demo Primary","address":"1 Demo Lane"}"#
        let child = try ChildDetailsV1.decode(row)
        #expect(child.name == "Tess Invented" && child.approximateAge == 9 && child.address == "1 Demo Lane")
        #expect(try Self.keys(row) == (try Self.keys(ChildDetailsV1.encode(child))))
    }

    /// Every key of a JSON object, nested ones as "outer.inner", so a renamed field shows as a
    /// difference between what was kept and what is written now.
    static func keys(_ json: String) throws -> Set<String> {
        func walk(_ value: Any, _ prefix: String) -> Set<String> {
            if let object = value as? [String: Any] {
                return object.reduce(into: Set<String>()) { keys, pair in
                    keys.insert(prefix + pair.key)
                    keys.formUnion(walk(pair.value, prefix + pair.key + "."))
                }
            }
            if let array = value as? [Any] {
                return array.reduce(into: Set<String>()) { $0.formUnion(walk($1, prefix)) }
            }
            return []
        }
        return walk(try JSONSerialization.jsonObject(with: Data(json.utf8)), "")
    }
}
