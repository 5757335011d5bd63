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
        @Flag(name: "force", help: "Make demo accounts even though HAVEN_PUBLIC_URL is not this machine") var force:
            Bool
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
        .init(
            name: "Priya Venn", email: "manager@demo.haven.test", roles: [.lineManager, .activityLead], kind: .staff,
            seniority: 3),
        .init(name: "Alex Fenwick", email: "volunteer@demo.haven.test", roles: [], kind: .volunteer, seniority: 0),
        .init(
            name: "Morgan Quill", email: "director@demo.haven.test", roles: [.departmentDirector, .caseManager],
            kind: .staff, seniority: 9),
        .init(name: "Jordan Pike", email: "hr@demo.haven.test", roles: [.hr], kind: .staff, seniority: 3),
        .init(
            name: "Robin Ashdown", email: "admin@demo.haven.test", roles: [.administrator], kind: .staff, seniority: 2),
        .init(
            name: "Casey Marlow", email: "auditor@demo.haven.test", roles: [.auditor], kind: .contractor, seniority: 0),
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

    static func randomPassword(_ env: HavenEnvironment) -> String {
        "demo-" + SecretToken.encode(env.ids.randomBytes(12))
    }

    /// Gives every demo person a new random password, returned to be printed.
    func newPasswords(_ env: HavenEnvironment) async throws -> [String: String] {
        var passwords: [String: String] = [:]
        for person in Self.people {
            let password = Self.randomPassword(env)
            let hash = try env.passwords.hash(password)
            let changed: Bool = try await env.unitOfWork.write { tx in
                guard let found = try await tx.people.credentials(email: person.email) else { return false }
                try await tx.people.setPasswordHash(found.person.id, hash)
                try await tx.audit(
                    AuditEntry(
                        actor: nil, action: .passwordSet, subjectType: .person, subjectID: found.person.id.description,
                        reason: "demo"))
                return true
            }
            if changed { passwords[person.email] = password }
        }
        return passwords
    }

    /// Each module adds its part of the invented organisation, in the order of `DemoModules.all`.
    func create(_ env: HavenEnvironment) async throws {
        var demo = DemoOrganisation()
        for module in DemoModules.all { try await module.seed(env, into: &demo) }
    }

    func printSignIn(_ env: HavenEnvironment, passwords: [String: String], context: CommandContext) async throws {
        context.console.print("Haven demo: Riverside Youth Trust (all people and children are invented).")
        context.console.print(
            "Sign in at \(env.publicURL)/sign-in with an email and password below (new each time this runs); then enter the"
        )
        context.console.print(
            "6-digit code an authenticator app shows for the TOTP secret (or the code printed here, valid ~30 s).")
        for person in Self.people {
            guard
                let credentials = try await env.unitOfWork.read({ tx in
                    try await tx.people.credentials(email: person.email)
                })
            else { continue }
            let secret = credentials.totpSecret.map(Base32.encode) ?? "(none)"
            let code =
                credentials.totpSecret.map { TOTPCode.code(secret: $0, step: TOTPCode.step(at: env.clock.now())) }
                ?? "-"
            let roles = person.roles.isEmpty ? "reporter" : person.roles.map(\.rawValue).joined(separator: ",")
            let password = passwords[person.email] ?? "(unchanged)"
            context.console.print(
                "  \(roles.padding(toLength: 32, withPad: " ", startingAt: 0)) \(person.email)  password: \(password)  TOTP secret: \(secret)  code now: \(code)"
            )
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
