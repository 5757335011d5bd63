import Foundation

/// Issue 13.4: whether this Haven process can take requests, dependency by dependency, for a load
/// balancer and for whoever keeps Haven running. Only states, times and counts: no case content,
/// no addresses, no names. The words are for monitoring and operators, not shown in a page.
public struct Readiness: Sendable, Equatable {
    public enum Dependency: String, Sendable, CaseIterable {
        case database
        case auditAnchor = "audit anchor"
        case auditChain = "audit chain"
        case outbox
        case email
    }

    public enum State: String, Sendable {
        case ok
        case failing
        case notConfigured = "not configured"
        case notYetChecked = "not yet checked"
    }

    public struct Check: Sendable, Equatable {
        public let dependency: Dependency
        public let state: State
        /// Counts, times and reasons a relay or database gave; never content.
        public let detail: String

        public init(_ dependency: Dependency, _ state: State, _ detail: String, matters: Bool? = nil) {
            self.dependency = dependency
            self.state = state
            self.detail = detail
            self.matters = matters ?? (dependency == .database || dependency == .auditAnchor)
        }

        /// Whether this dependency failing means the process must not take requests. The
        /// database (reachable, and committing durably, or a 2xx would not mean saved) and the
        /// audit anchor (or what this process commits is not protected against deletion) matter:
        /// another server whose are working should take the requests. The audit chain, the
        /// outbox and email are shared by every server on the database, so taking this one out
        /// would help nobody and would stop concerns being recorded: they are reported, not
        /// counted against readiness. So is an alarm every server sharing the dependency raises
        /// alike (an anchor line beyond the chain's head).
        public let matters: Bool
    }

    public let checks: [Check]

    public init(checks: [Check]) { self.checks = checks }

    public var isReady: Bool { !checks.contains { $0.matters && $0.state == .failing } }

    /// One line: "ready", "ready, email not configured", "not ready: database, audit anchor".
    public var summary: String {
        let failing = checks.filter { $0.matters && $0.state == .failing }.map(\.dependency.rawValue)
        if !failing.isEmpty { return "not ready: " + failing.joined(separator: ", ") }
        let remarks = checks.compactMap { check -> String? in
            switch check.state {
            case .ok, .notYetChecked: nil
            case .notConfigured: "\(check.dependency.rawValue) not configured"
            case .failing: "\(check.dependency.rawValue) failing"
            }
        }
        return (["ready"] + remarks).joined(separator: ", ")
    }
}
