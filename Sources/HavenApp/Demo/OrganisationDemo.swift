import HavenDomain
import HavenFeatures

/// The demo organisation's profile, contacts (from the range set aside for drama, so nobody
/// real is ever called) and a person in every role, each with a second factor.
struct OrganisationDemo: DemoModule {
    func seed(_ env: HavenEnvironment, into demo: inout DemoOrganisation) async throws {
        try await env.unitOfWork.write { tx in
            try await tx.organisation.saveProfile(
                OrganisationProfile(
                    name: "Riverside Youth Trust (demo)", kind: .voluntary, localAuthorityAreas: ["Demo County"],
                    isEducationSetting: false,
                    regulator: nil, hasStatutoryContract: true, settingsProfile: .voluntary))
            try await tx.organisation.saveSettings(.defaults(for: .voluntary))
            for contact in [
                LocalContact(
                    area: "Demo County", kind: .frontDoor, name: "Demo County Children's Front Door",
                    phone: "01632 960001"),
                LocalContact(
                    area: "Demo County", kind: .outOfHours, name: "Demo County Out of Hours Team", phone: "01632 960002"
                ),
                LocalContact(area: "Demo County", kind: .lado, name: "Demo County LADO", phone: "01632 960003"),
                LocalContact(
                    area: "Demo County", kind: .policeChildAbuse, name: "Demo Police Child Protection Team",
                    phone: "01632 960004"),
            ] { try await tx.organisation.saveContact(contact) }
            try await tx.audit(AuditEntry(actor: nil, action: .demoCreated))
        }
        for person in DemoCommand.people {
            let created = try await ManagePeople(env).create(
                name: person.name, email: person.email, password: DemoCommand.randomPassword(env),
                kind: person.kind.rawValue, roles: person.roles.map(\.rawValue),
                lineManager: person.roles.isEmpty ? demo.people["manager@demo.haven.test"] : nil,
                seniority: person.seniority, by: nil)
            demo.people[person.email] = created.id
            let secret = env.ids.randomBytes(20)
            let codes = (0..<10).map { _ in SecretToken.recoveryCode(env.ids.randomBytes(10)) }
            try await SecondFactorSetup.store(env, person: created.id, secret: secret, codes: codes)
        }
    }
}
