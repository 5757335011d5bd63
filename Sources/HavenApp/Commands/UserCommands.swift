import ConsoleKit
import Foundation
import HavenDomain
import HavenFeatures
import Vapor

/// `haven user add|list|roles`: people and roles from the command line, for the first
/// administrator and for scripts.
enum UserCommands {
    struct Group: AsyncCommandGroup {
        var commands: [String: any AnyAsyncCommand] { ["add": Add(), "list": List(), "roles": Roles()] }
        var help: String { "Manage people and their roles." }
    }

    static var group: Group { Group() }

    struct Add: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "name", help: "Full name") var name: String?
            @Option(name: "email", help: "Email address used to sign in") var email: String?
            @Option(name: "password", help: "Password (12+ characters); HAVEN_NEW_PASSWORD is read if omitted")
            var password: String?
            @Option(name: "roles", help: "Comma-separated roles, e.g. dsl,deputy_dsl,administrator") var roles: String?
            @Flag(name: "with-totp", help: "Also set up a TOTP second factor and print its secret and recovery codes")
            var withTOTP: Bool
        }
        var help: String { "Add a person." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let env = context.application.haven
            let roles = (signature.roles ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let password = signature.password ?? ProcessInfo.processInfo.environment["HAVEN_NEW_PASSWORD"]
            let person = try await ManagePeople(env).create(
                name: signature.name, email: signature.email, password: password,
                kind: "staff", roles: roles, by: nil)
            context.console.print(
                "Added \(person.name) <\(person.email)> with roles: \(person.roles(at: env.clock.now()).sorted().map(\.rawValue).joined(separator: ", "))"
            )
            if signature.withTOTP {
                let secret = env.ids.randomBytes(20)
                let codes = (0..<10).map { _ in SecretToken.recoveryCode(env.ids.randomBytes(10)) }
                try await SecondFactorSetup.store(env, person: person.id, secret: secret, codes: codes)
                context.console.print("TOTP secret: \(Base32.encode(secret))")
                context.console.print("Recovery codes: \(codes.joined(separator: " "))")
            }
        }
    }

    struct List: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "List people and their current roles." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let env = context.application.haven
            let now = env.clock.now()
            for person in try await env.unitOfWork.read({ tx in try await tx.people.all() }) {
                context.console.print(
                    "\(person.email)\t\(person.name)\t\(person.roles(at: now).sorted().map(\.rawValue).joined(separator: ","))"
                )
            }
        }
    }

    struct Roles: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "email", help: "The person's email") var email: String?
            @Option(name: "set", help: "Comma-separated roles the person should hold from now on") var set: String?
        }
        var help: String { "Replace a person's roles (ended roles keep their history)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let env = context.application.haven
            guard let email = signature.email?.lowercased(),
                let credentials = try await env.unitOfWork.read({ tx in try await tx.people.credentials(email: email) })
            else {
                throw InvalidInput(field: "email", "commands.email.noOneWithThatEmail")
            }
            var roles: Set<Role> = [.reporter]
            for raw in (signature.set ?? "").split(separator: ",") {
                guard let role = Role(rawValue: raw.trimmingCharacters(in: .whitespaces)) else {
                    throw InvalidInput(field: "set", "commands.set.unknownRole", ["raw": .text(String(raw))])
                }
                roles.insert(role)
            }
            try await ManagePeople(env).setRoles(credentials.person.id, to: roles, by: nil)
            context.console.print("\(email) now holds: \(roles.sorted().map(\.rawValue).joined(separator: ", "))")
        }
    }
}

/// Stores a TOTP secret and recovery codes for a person, as the CLI and the demo set them up.
enum SecondFactorSetup {
    static func store(_ env: HavenEnvironment, person: PersonID, secret: [UInt8], codes: [String]) async throws {
        try await env.unitOfWork.write { tx in
            try await tx.people.setSecondFactor(
                person, secret: secret,
                recoveryCodeHashes: codes.map { SecretToken.hash(SecretToken.normaliseRecoveryCode($0)) })
            try await tx.audit(
                AuditEntry(
                    actor: nil, action: .secondFactorEnrolled, subjectType: .person, subjectID: person.description))
        }
    }
}
