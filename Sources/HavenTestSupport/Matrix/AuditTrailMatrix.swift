import HavenDomain

/// The audit trail's routes need no records of their own: checking the chain is a write (it
/// records the check), with no body.
public struct AuditTrailMatrix: MatrixFixtures {
    public init() {}

    public func seed(_ haven: TestHaven, into world: inout MatrixWorld) async throws {
        world.expect(.allowedBy(.viewAuditStatus), "GET /audit", "POST /audit/verify")
        world.bodies["POST /audit/verify"] = { _, _ in .form([]) }
    }
}
