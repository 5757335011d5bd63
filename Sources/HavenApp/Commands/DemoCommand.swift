import ConsoleKit
import Foundation
import HavenDomain
import HavenFeatures
import Vapor

/// `haven demo`: an invented organisation with a person in every role, a few children and
/// concerns, and sign-in details printed. Safe to run again: it adds nothing twice and always
/// prints how to sign in.
///
/// Demo accounts are for trying Haven on one's own machine: the command refuses a public URL
/// that is not this machine unless forced, and every run gives each demo person a new random
/// password (printed), so no password is known in advance.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "force", help: "Make demo accounts even though HAVEN_PUBLIC_URL is not this machine") var force: Bool
    }
    var help: String { "Create an invented demo organisation, people and concerns, and print how to sign in." }

    struct DemoPerson {
        let name: String, email: String, roles: [Role], kind: PersonKind, seniority: Int
    }

    /// Demo people's addresses are at a reserved test domain, so they can never be someone's real email.
    static let domain = "@demo.haven.test"

    static let people: [DemoPerson] = [
        .init(name: "Dana Whitlock", email: "dsl@demo.haven.test", roles: [.dsl], kind: .staff, seniority: 5),
        .init(name: "Sam Okonedo", email: "deputy@demo.haven.test", roles: [.deputyDSL], kind: .staff, seniority: 4),
        .init(name: "Priya Venn", email: "manager@demo.haven.test", roles: [.lineManager, .activityLead], kind: .staff, seniority: 3),
        .init(name: "Alex Fenwick", email: "volunteer@demo.haven.test", roles: [], kind: .volunteer, seniority: 0),
        .init(name: "Morgan Quill", email: "director@demo.haven.test", roles: [.departmentDirector, .caseManager], kind: .staff, seniority: 9),
        .init(name: "Jordan Pike", email: "hr@demo.haven.test", roles: [.hr], kind: .staff, seniority: 3),
        .init(name: "Robin Ashdown", email: "admin@demo.haven.test", roles: [.administrator], kind: .staff, seniority: 2),
        .init(name: "Casey Marlow", email: "auditor@demo.haven.test", roles: [.auditor], kind: .contractor, seniority: 0),
        .init(name: "Avery Lund", email: "trustee@demo.haven.test", roles: [.trustee], kind: .volunteer, seniority: 0),
    ]

    func run(using context: CommandContext, signature: Signature) async throws {
        let env = context.application.haven
        guard signature.force || Self.isThisMachine(env.publicURL) else { throw DemoRefused(publicURL: env.publicURL) }
        let existing = try await env.unitOfWork.read { tx in try await tx.people.all() }
        if existing.isEmpty { try await create(env) }
        let passwords = try await newPasswords(env)
        try await printSignIn(env, passwords: passwords, context: context)
    }

    /// Whether the public URL names this machine (a loopback address or localhost).
    static func isThisMachine(_ publicURL: String) -> Bool {
        guard let host = URLComponents(string: publicURL)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    static func randomPassword(_ env: HavenEnvironment) -> String { "demo-" + SecretToken.encode(env.ids.randomBytes(12)) }

    /// Gives every demo person a new random password, returned to be printed.
    func newPasswords(_ env: HavenEnvironment) async throws -> [String: String] {
        var passwords: [String: String] = [:]
        for person in Self.people {
            let password = Self.randomPassword(env)
            let hash = try env.passwords.hash(password)
            let changed: Bool = try await env.unitOfWork.write { tx in
                guard let found = try await tx.people.credentials(email: person.email) else { return false }
                try await tx.people.setPasswordHash(found.person.id, hash)
                try await tx.audit(AuditEntry(actor: nil, action: .passwordSet, subjectType: "person", subjectID: found.person.id.description, reason: "demo"))
                return true
            }
            if changed { passwords[person.email] = password }
        }
        return passwords
    }

    func create(_ env: HavenEnvironment) async throws {
        try await env.unitOfWork.write { tx in
            try await tx.organisation.saveProfile(OrganisationProfile(
                name: "Riverside Youth Trust (demo)", kind: .voluntary, localAuthorityAreas: ["Demo County"], isEducationSetting: false,
                regulator: nil, hasStatutoryContract: true, settingsProfile: .voluntary))
            try await tx.organisation.saveSettings(.defaults(for: .voluntary))
            // Numbers from the range set aside for drama, so nobody real is ever called.
            for contact in [
                LocalContact(area: "Demo County", kind: .frontDoor, name: "Demo County Children's Front Door", phone: "01632 960001"),
                LocalContact(area: "Demo County", kind: .outOfHours, name: "Demo County Out of Hours Team", phone: "01632 960002"),
                LocalContact(area: "Demo County", kind: .lado, name: "Demo County LADO", phone: "01632 960003"),
                LocalContact(area: "Demo County", kind: .policeChildAbuse, name: "Demo Police Child Protection Team", phone: "01632 960004"),
            ] { try await tx.organisation.saveContact(contact) }
            try await tx.audit(AuditEntry(actor: nil, action: .demoCreated))
        }
        var ids: [String: PersonID] = [:]
        for person in Self.people {
            let created = try await ManagePeople(env).create(name: person.name, email: person.email, password: Self.randomPassword(env),
                                                             kind: person.kind.rawValue, roles: person.roles.map(\.rawValue),
                                                             lineManager: person.roles.isEmpty ? ids["manager@demo.haven.test"] : nil,
                                                             seniority: person.seniority, by: nil)
            ids[person.email] = created.id
            let secret = env.ids.randomBytes(20)
            let codes = (0..<10).map { _ in SecretToken.recoveryCode(env.ids.randomBytes(10)) }
            try await SecondFactorSetup.store(env, person: created.id, secret: secret, codes: codes)
        }
        // The volunteer's line manager is set now that the manager exists.
        guard let volunteer = ids["volunteer@demo.haven.test"], let dsl = ids["dsl@demo.haven.test"] else { return }
        let recorder = Actor(person: volunteer, roles: [.reporter], secondFactorPassed: false)
        let first = try await RecordConcern(env)(ConcernDraft(
            child: ChildDetails(name: "Tilly Brennagh", approximateAge: 9, school: "Demo Primary"), howItArose: .disclosedByChild,
            occurredAt: env.clock.now().addingTimeInterval(-3 * 3600), location: "After-school club, art room",
            whoWasPresent: "Me and two other children at the next table",
            account: "Tilly said \"Mum's boyfriend shouts and I hide under the bed when he comes home. He threw my tablet at the wall.\" She had a small bruise on her forearm and said it was from the door.",
            injury: "Small bruise, left forearm", actionTaken: "Listened, told her I would need to tell Dana, did not ask more",
            categories: [.emotionalAbuse, .domesticAbuse], childLocationNow: "Collected by her grandmother at 5pm"), by: recorder)
        _ = try await RecordConcern(env)(ConcernDraft(
            child: ChildDetails(name: "Kofi Ansell-Varga", approximateAge: 14), howItArose: .observed,
            location: "Youth club car park",
            account: "Kofi was picked up by an older man in a different car for the third week running and had a new phone and trainers.",
            categories: [.childCriminalExploitation]), by: recorder)
        _ = try await RecordConcern(env)(ConcernDraft(
            child: ChildDetails(name: "Esme Ransome-Tully", approximateAge: 6), howItArose: .toldByAdult,
            account: "A parent told me Esme is often at the club in the same clothes for days and says she is hungry.",
            categories: [.neglect], linkedChildren: [LinkedChild(name: "Finn Ransome-Tully", relationship: "brother, age 4")]), by: recorder)
        let lead = Actor(person: dsl, roles: [.dsl], secondFactorPassed: true)
        let input = try TriageInput.validated(
            outcome: "keep_under_review", rationale: "Disclosure of emotional harm and domestic abuse at home; no immediate risk tonight as she is with her grandmother. Consulting the front door tomorrow.",
            threshold: "intensive", consulted: "Sam Okonedo (deputy DSL)", reviewDate: Self.isoDay(env.clock.now().addingTimeInterval(7 * 86_400)),
            adviceGivenBy: nil, adviceGivenAt: nil, advice: nil, shareWithRecorder: "Thank you: the DSL is following this up.", now: env.clock.now())
        _ = try await TriageConcern(env)(first.receipt.concernID, input, by: lead)
    }

    static func isoDay(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    func printSignIn(_ env: HavenEnvironment, passwords: [String: String], context: CommandContext) async throws {
        context.console.print("Haven demo: Riverside Youth Trust (all people and children are invented).")
        context.console.print("Sign in at \(env.publicURL)/sign-in with an email and password below (new each time this runs); then enter the")
        context.console.print("6-digit code an authenticator app shows for the TOTP secret (or the code printed here, valid ~30 s).")
        for person in Self.people {
            guard let credentials = try await env.unitOfWork.read({ tx in try await tx.people.credentials(email: person.email) }) else { continue }
            let secret = credentials.totpSecret.map(Base32.encode) ?? "(none)"
            let code = credentials.totpSecret.map { TOTPCode.code(secret: $0, step: TOTPCode.step(at: env.clock.now())) } ?? "-"
            let roles = person.roles.isEmpty ? "reporter" : person.roles.map(\.rawValue).joined(separator: ",")
            let password = passwords[person.email] ?? "(unchanged)"
            context.console.print("  \(roles.padding(toLength: 32, withPad: " ", startingAt: 0)) \(person.email)  password: \(password)  TOTP secret: \(secret)  code now: \(code)")
        }
    }
}

struct DemoRefused: Error, CustomStringConvertible {
    let publicURL: String
    var description: String {
        "haven demo makes accounts with passwords printed on the screen, for trying Haven on this machine only. "
            + "HAVEN_PUBLIC_URL is \(publicURL), which is not this machine. Run it with --force if you really mean to."
    }
}
