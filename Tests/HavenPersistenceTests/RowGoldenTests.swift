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
        #expect(decision.reviewDate == Day(2026, 12, 7))
        // The review day is kept as midnight UTC, as it always was, whatever the domain calls it.
        #expect(try TriageDecisionBodyV1.encode(decision).contains(#""reviewDate":1796601600000"#))
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
        #expect(draft.howItArose == .disclosedByChild && draft.reportedFacts.isEmpty)
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

    static let site = "01A22B42-3700-7A3D-8F0C-1C2D3E4F5A6B"

    /// Each kind of protected change as it is kept while it waits for a DSL.
    @Test(arguments: [
        #"{"grantRoles":{"person":"\#(person)","roles":["dsl","hr"]}}"#,
        #"{"siteLead":{"site":"\#(site)","siteName":"Riverside Hall","lead":"\#(person)"}}"#,
        #"{"routing":{"choice":2,"sharedInbox":"safeguarding@example.org"}}"#,
        #"{"routing":{"choice":0}}"#,
        #"{"changeEmail":{"person":"\#(person)","email":"new@example.org"}}"#,
        #"{"resetPassword":{"person":"\#(person)"}}"#,
        #"{"removeSecondFactor":{"person":"\#(person)"}}"#,
        #"{"lineManager":{"person":"\#(person)","manager":"\#(site)"}}"#,
        #"{"seniority":{"person":"\#(person)","level":7}}"#,
        #"{"household":{"person":"\#(person)","with":"\#(site)"}}"#,
        #"{"household":{"person":"\#(person)"}}"#,
    ])
    func aProtectedChangeAsKept(_ row: String) throws {
        let change = try ProtectedChangeV1.decode(row)
        #expect(try Self.same(row, ProtectedChangeV1.encode(change)))
    }

    @Test func theOrganisationAndPeopleAsKept() throws {
        let profile = """
            {"name":"Riverside Youth Trust","kind":"voluntary","localAuthorityAreas":["Leeds","Bradford"],\
            "isEducationSetting":false,"regulator":"Charity Commission","hasStatutoryContract":true,\
            "settingsProfile":"voluntary","secondFactorRequiredForEveryone":false}
            """
        #expect(try OrganisationProfileV1.decode(profile).localAuthorityAreas == ["Leeds", "Bradford"])
        #expect(try Self.same(profile, OrganisationProfileV1.encode(OrganisationProfileV1.decode(profile))))
        let settings = """
            {"kind":"voluntary","categories":["neglect","other"],"triageTargetWorkingDays":1,\
            "trainingRefreshYears":3,"concernRetentionYears":25,"childAgeLimit":18}
            """
        #expect(try SettingsProfileV1.decode(settings).categories == [.neglect, .other])
        #expect(try Self.same(settings, SettingsProfileV1.encode(SettingsProfileV1.decode(settings))))
        let roles =
            #"[{"role":"dsl","starts":1796022089439},{"role":"hr","starts":1796022089439,"ends":1796022099000}]"#
        #expect(try RoleAssignmentV1.decode(roles).map(\.role) == [.dsl, .hr])
        #expect(try Self.same(roles, RoleAssignmentV1.encode(RoleAssignmentV1.decode(roles))))
    }

    /// While the domain's values can still write JSON of their own, each row type writes exactly
    /// what they wrote: the rows kept until now were written that way.
    @Test func eachRowTypeWritesWhatTheDomainsOwnJSONWrote() throws {
        let person = PersonID(UUID())
        let at = Date(millis: 1_796_022_089_439)
        let draft = ConcernDraft(
            child: ChildDetails(
                name: "Tess Invented", description: "tall", dateOfBirth: "2017-03-01", approximateAge: 9,
                gender: "girl",
                ethnicity: "e", firstLanguage: "Welsh", religion: "r", disability: "d", address: "1 Demo Lane",
                school: "Demo Primary"),
            howItArose: .disclosedByChild, occurredAt: at, location: "Art room", whoWasPresent: "Two children",
            account: "She said so.", reportedFacts: [.account], injury: "bruise", actionTaken: "listened",
            categories: [.neglect], immediateDanger: true, medicalAttention: "A&E", childLocationNow: "home",
            alreadyTold: "nobody", linkedChildren: [LinkedChild(name: "Sam", relationship: "brother")],
            allegedPerpetrator: AllegedPerpetrator(name: "Uncle", relationship: "uncle", worksWithChildren: true),
            site: SiteID(UUID()))
        // A child's `unborn` and `adultRecallingChildhood` came later: a row leaves them out
        // unless they are true, so a row for any other child is exactly what was written before.
        let later = ["unborn", "adultRecallingChildhood", "person", "identifiers", "injuries"]
        // The domain now holds which facts were told to the recorder (issue 12.7); a row still
        // keeps the account's as `accountProvenance`, and only other facts in `reportedFacts`.
        #expect(
            try Self.same(
                JSONColumn.encode(draft), ConcernContentV1.encode(draft),
                without: later + ["accountProvenance", "reportedFacts"]))
        let accountOnly = try ConcernContentV1.encode(draft)
        #expect(accountOnly.contains(#""accountProvenance":"reported""#) && !accountOnly.contains("reportedFacts"))
        var told = draft
        told.reportedFacts = [.injury, .account, .whenAndWhere]
        let toldRow = try ConcernContentV1.encode(told)
        #expect(toldRow.contains(#""reportedFacts":["when_and_where","injury"]"#))
        #expect(try ConcernContentV1.decode(toldRow) == told)
        // Marks on the body map came later (issue 12.6): a row without any has no `injuries`;
        // with them, each is kept by its codes, where it was tapped only when it was.
        #expect(try !ConcernContentV1.encode(draft).contains("injuries"))
        var marked = draft
        marked.injuries = [
            InjuryMark(view: .front, part: .leftForearm, point: MapPoint(x: 705, y: 450), size: "3 cm", colour: "red"),
            InjuryMark(view: .back, part: .upperBack, explanation: "fell"),
        ]
        let markedRow = try ConcernContentV1.encode(marked)
        let kept = try JSONSerialization.jsonObject(with: Data(markedRow.utf8)) as? [String: Any]
        let injuries = (kept?["injuries"] as? [[String: Any]])?.map { $0.mapValues { "\($0)" } }
        #expect(
            injuries == [
                ["view": "front", "part": "leftForearm", "x": "705", "y": "450", "size": "3 cm", "colour": "red"],
                ["view": "back", "part": "upperBack", "explanation": "fell"],
            ])
        #expect(try ConcernContentV1.decode(markedRow) == marked)
        #expect(try Self.same(JSONColumn.encode(draft.child), ChildDetailsV1.encode(draft.child), without: later))
        var unborn = draft.child
        unborn.unborn = true
        #expect(try ChildDetailsV1.encode(unborn).contains(#""unborn":true"#))
        #expect(try ChildDetailsV1.decode(ChildDetailsV1.encode(unborn)) == unborn)
        // Identifiers came later too (issue 12.2): each kept only when known.
        var known = draft.child
        known.identifiers = ChildIdentifiers(nhsNumber: "943 476 5919", localAuthority: "LCC-42")
        let row = try ChildDetailsV1.encode(known)
        #expect(row.contains(#""nhsNumber":"9434765919""#) && row.contains(#""localAuthorityID":"LCC-42""#))
        #expect(!row.contains("upn") && !row.contains("uln"))
        #expect(try ChildDetailsV1.decode(row) == known)
        let route = AlertRoute(
            handler: person, steps: [RoutingStep(person: person, link: .dsl, outcome: .chosen)])
        // A route's `excluded` came later (issue 12.3): kept only when someone was kept away.
        #expect(try Self.same(JSONColumn.encode(route), AlertRouteV1.encode(route), without: ["excluded"]))
        let keptAway = AlertRoute(handler: person, steps: route.steps, excluded: [PersonID(UUID())])
        #expect(try AlertRouteV1.decode(AlertRouteV1.encode(keptAway)) == keptAway)
        // A decision's review date is now a Day in the domain; aDecisionAsKept holds its row to the
        // midnight-UTC form it was kept in.
        let delegation = CaseDelegation(
            concernID: ConcernID(UUID()), delegate: person, delegatedBy: person, delegatedAt: at, note: "n")
        #expect(try Self.same(JSONColumn.encode(delegation), CaseDelegationBodyV1.encode(delegation)))
        for change in [
            ProtectedChange.grantRoles(person: person, roles: [.dsl]),
            .siteLead(site: SiteID(UUID()), siteName: "Hall", lead: person), .routing(choice: 1, sharedInbox: "a@b.c"),
            .changeEmail(person: person, email: "x@y.z"), .changeEmail(person: person, email: "x@y.z", from: "w@y.z"),
            .resetPassword(person: person),
            .removeSecondFactor(person: person), .household(person: person, with: person),
            .household(person: person, with: nil),
        ] {
            #expect(try Self.same(JSONColumn.encode(change), ProtectedChangeV1.encode(change)), "\(change)")
        }
        let profile = OrganisationProfile(
            name: "Trust", kind: .sport, localAuthorityAreas: ["Leeds"], isEducationSetting: true, regulator: "Ofsted",
            hasStatutoryContract: true, settingsProfile: .sport, secondFactorRequiredForEveryone: true)
        #expect(try Self.same(JSONColumn.encode(profile), OrganisationProfileV1.encode(profile)))
        let settings = SettingsProfile.defaults(for: .sport)
        #expect(try Self.same(JSONColumn.encode(settings), SettingsProfileV1.encode(settings)))
        let roles = [RoleAssignment(role: .dsl, starts: at), RoleAssignment(role: .hr, starts: at, ends: at)]
        #expect(try Self.same(JSONColumn.encode(roles), RoleAssignmentV1.encode(roles)))
    }

    /// The same JSON value, whatever the order of keys.
    /// Whether two JSON texts hold the same values, leaving out the keys `without` (at any depth).
    static func same(_ a: String, _ b: String, without: [String] = []) throws -> Bool {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { !without.contains($0.key) }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        func canonical(_ text: String) throws -> Data {
            let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            return try JSONSerialization.data(withJSONObject: strip(value), options: [.sortedKeys, .fragmentsAllowed])
        }
        return try canonical(a) == canonical(b)
    }
}
