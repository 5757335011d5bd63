import Foundation
import HavenDomain
import HavenFeatures

/// Running the organisation: a person for the administrators to change (not one of the roles
/// being tried, so that changing them changes nobody's session), and two changes waiting for
/// a DSL's approval, one to approve and one to refuse.
public struct OrganisationMatrix: MatrixFixtures {
    public init() {}

    public func seed(_ haven: TestHaven, into world: inout MatrixWorld) async throws {
        let admin = Actor(person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
        func person(_ name: String, _ email: String) async throws -> PersonID {
            try await ManagePeople(haven.env).create(
                name: name, email: email, password: "matrix-password-\(email)", kind: "staff",
                roles: [], seniority: 1, by: nil
            ).id
        }
        world.parameters["personID"] = try await person("Matrix Target", "matrix.target@fixture.haven.test").description
        var approvals: [ApprovalID] = []
        for index in 1...2 {
            let candidate = try await person("Matrix Candidate \(index)", "matrix.candidate\(index)@fixture.haven.test")
            guard
                let approval = try await ManagePeople(haven.env).setRoles(candidate, to: [.deputyDSL], by: admin)
                    .approval
            else {
                preconditionFailure("making someone a deputy DSL waits for a DSL's approval")
            }
            approvals.append(approval)
        }
        world.parameters["approvalID"] = approvals[0].description
        world.routeParameters["POST /approvals/:approvalID/refuse"] = ["approvalID": approvals[1].description]

        world.expect(.anyone, "GET /healthz", "GET /guidance")
        world.expect(.signedIn, "GET /")
        world.expect(.allowedBy(.viewContacts), "GET /contacts")
        world.expect(.allowedBy(.setOwnAvailability), "POST /availability")
        world.expect(
            .allowedBy(.manageOrganisation), "GET /admin/organisation", "POST /admin/organisation",
            "POST /admin/organisation/routing",
            "POST /admin/organisation/settings", "POST /admin/organisation/sites",
            "POST /admin/organisation/sites/close")
        world.expect(
            .allowedBy(.manageContacts), "GET /admin/contacts", "POST /admin/contacts", "POST /admin/contacts/remove")
        world.expect(
            .allowedBy(.managePeople), "GET /admin/people", "POST /admin/people", "POST /admin/people/:personID/roles",
            "POST /admin/people/:personID/email", "POST /admin/people/:personID/password-reset",
            "POST /admin/people/:personID/details",
            "POST /admin/people/:personID/second-factor/remove", "POST /admin/people/:personID/activation",
            "POST /admin/people/:personID/deactivate", "POST /admin/people/:personID/sessions/end")
        world.expect(.allowedBy(.viewApprovals), "GET /approvals")
        world.expect(
            .allowedBy(.decideApproval), "POST /approvals/:approvalID/approve", "POST /approvals/:approvalID/refuse")

        world.bodies["POST /availability"] = { _, _ in .form([("unavailable", "")]) }
        world.bodies["POST /admin/organisation"] = { _, _ in
            .form([
                ("name", "Fixture Youth Trust"), ("kind", "voluntary"), ("areas", "Fixture County"),
                ("settingsProfile", "voluntary"),
            ])
        }
        world.bodies["POST /admin/organisation/routing"] = { _, _ in
            .form([("routingChain", "0"), ("sharedInbox", "")])
        }
        world.bodies["POST /admin/organisation/settings"] = { _, _ in
            .form([
                ("triageTargetWorkingDays", "1"), ("trainingRefreshYears", "3"), ("concernRetentionYears", "6"),
                ("childAgeLimit", "18"),
                ("categories", "neglect"), ("categories", "emotional_abuse"),
            ])
        }
        world.bodies["POST /admin/organisation/sites"] = { _, _ in
            .form([("name", "Matrix Hall"), ("designatedLead", "")])
        }
        // Issue 12.7: a site to close (closing one already closed does nothing more).
        let closing = try await ManageOrganisation(haven.env).saveSite(
            name: "Matrix Closing Site", designatedLead: nil, by: admin
        ).0.id.description
        world.bodies["POST /admin/organisation/sites/close"] = { _, _ in .form([("site", closing), ("confirm", "on")]) }
        world.bodies["POST /admin/people/:personID/details"] = { _, _ in
            .form([("kind", "volunteer"), ("lineManager", ""), ("seniority", "1")])
        }
        world.bodies["POST /admin/contacts/remove"] = { _, _ in .form([("area", "Nowhere-Matrix"), ("kind", "lado")]) }
        world.bodies["POST /admin/contacts"] = { _, _ in
            .form([
                ("area", "Fixture County"), ("kind", "early_help"), ("name", "Fixture Early Help"),
                ("phone", "01632 960099"),
            ])
        }
        world.bodies["POST /admin/people"] = { _, _ in
            .form([("name", "Matrix Invitee"), ("email", "matrix.invitee@fixture.haven.test"), ("kind", "volunteer")])
        }
        world.bodies["POST /admin/people/:personID/roles"] = { _, _ in .form([("roles", "activity_lead")]) }
        world.bodies["POST /admin/people/:personID/email"] = { _, _ in
            .form([("email", "matrix.target.new@fixture.haven.test")])
        }
        for action in ["password-reset", "second-factor/remove", "activation", "sessions/end"] {
            world.bodies["POST /admin/people/:personID/\(action)"] = { _, _ in .form([]) }
        }
        world.bodies["POST /admin/people/:personID/deactivate"] = { _, _ in .form([("confirm", "on")]) }
        world.bodies["POST /approvals/:approvalID/approve"] = { _, _ in .form([]) }
        world.bodies["POST /approvals/:approvalID/refuse"] = { _, _ in .form([]) }
    }
}
