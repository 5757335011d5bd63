import HavenDomain
import HavenFeatures

/// Three invented concerns, recorded by the demo volunteer.
struct ConcernsDemo: DemoModule {
    func seed(_ env: HavenEnvironment, into demo: inout DemoOrganisation) async throws {
        guard let volunteer = demo.people["volunteer@demo.haven.test"] else { return }
        let recorder = Actor(person: volunteer, roles: [.reporter], secondFactorPassed: false)
        let first = try await RecordConcern(env)(
            ConcernDraft(
                child: ChildDetails(name: "Tilly Brennagh", approximateAge: 9, school: "Demo Primary"),
                howItArose: .disclosedByChild,
                occurredAt: env.clock.now().addingTimeInterval(-3 * 3600), location: "After-school club, art room",
                whoWasPresent: "Me and two other children at the next table",
                account:
                    "Tilly said \"Mum's boyfriend shouts and I hide under the bed when he comes home. He threw my tablet at the wall.\" She had a small bruise on her forearm and said it was from the door.",
                injury: "Small bruise, left forearm",
                injuries: [
                    InjuryMark(
                        view: .front, part: .leftForearm, point: MapPoint(x: 700, y: 470), size: "About 2 cm",
                        colour: "Blue-purple", explanation: "It was the door")
                ],
                actionTaken: "Listened, told her I would need to tell Dana, did not ask more",
                categories: [.emotionalAbuse, .domesticAbuse], childLocationNow: "Collected by her grandmother at 5pm"),
            by: recorder)
        demo.concerns["Tilly"] = first.receipt.concernID
        _ = try await RecordConcern(env)(
            ConcernDraft(
                child: ChildDetails(name: "Kofi Ansell-Varga", approximateAge: 14), howItArose: .observed,
                location: "Youth club car park",
                account:
                    "Kofi was picked up by an older man in a different car for the third week running and had a new phone and trainers.",
                categories: [.childCriminalExploitation]), by: recorder)
        _ = try await RecordConcern(env)(
            ConcernDraft(
                child: ChildDetails(name: "Esme Ransome-Tully", approximateAge: 6), howItArose: .toldByAdult,
                account:
                    "A parent told me Esme is often at the club in the same clothes for days and says she is hungry.",
                categories: [.neglect],
                linkedChildren: [LinkedChild(name: "Finn Ransome-Tully", relationship: "brother, age 4")]), by: recorder
        )
    }
}
