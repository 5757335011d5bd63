import HavenDomain

/// /metrics answers only a connection from this machine that no proxy forwarded, or a scraper
/// with the metrics token: the matrix's requests are neither, so nobody here gets it. /readyz
/// answers everyone, with "ready" or "not ready" only (the matrix checks no fixture value is in it).
public struct OperationsMatrix: MatrixFixtures {
    public init() {}

    public func seed(_ haven: TestHaven, into world: inout MatrixWorld) async throws {
        world.expect(.allowedBy(Permission("operations.scrape") { _ in .denied }), "GET /metrics")
        world.expect(.anyone, "GET /readyz")
    }
}
