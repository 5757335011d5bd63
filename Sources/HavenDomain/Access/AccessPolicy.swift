/// Who is asking: the person, the roles they hold now, and whether this session passed the second factor.
public struct Actor: Equatable, Sendable {
    public let person: PersonID
    public let roles: Set<Role>
    public let secondFactorPassed: Bool

    public init(person: PersonID, roles: Set<Role>, secondFactorPassed: Bool) {
        self.person = person
        self.roles = roles
        self.secondFactorPassed = secondFactorPassed
    }

    /// R7.1: DSLs and deputies have need-to-know for concern content.
    public var isSafeguardingLead: Bool { !roles.isDisjoint(with: [.dsl, .deputyDSL]) }
}

/// R7.1: something a person may ask Haven to do, with the rule that decides it. Each module
/// declares its own permissions beside its other words (`ConcernPermissions.swift`, …) as static
/// members, so adding a module adds permissions without editing a shared list.
public struct Permission: Sendable, CustomStringConvertible {
    /// What the permission is called in tests and messages ("concern.read").
    public let name: String
    let rule: @Sendable (Actor) -> AccessDecision

    public init(_ name: String, rule: @escaping @Sendable (Actor) -> AccessDecision) {
        self.name = name
        self.rule = rule
    }

    public var description: String { name }
}

/// R7.1: the answer to "may this person do this now?".
public enum AccessDecision: Equatable, Sendable {
    case allowed
    /// R1.6: allowed once the session has passed the second factor.
    case needsSecondFactor
    case denied
}

/// R1.6, R7.1: need-to-know as plain rules. Each permission carries its own rule; this applies
/// it, and the organisation's choice to ask everyone for the second factor.
public enum AccessPolicy {
    public static func decide(_ permission: Permission, for actor: Actor, secondFactorRequiredForEveryone: Bool = false)
        -> AccessDecision
    {
        let decision = permission.rule(actor)
        if decision == .allowed && secondFactorRequiredForEveryone && !actor.secondFactorPassed {
            return .needsSecondFactor
        }
        return decision
    }
}

extension Actor {
    /// R1.6: allowed once this session has passed the second factor. Reading any case content,
    /// and every administrative change, needs it.
    public var withSecondFactor: AccessDecision { secondFactorPassed ? .allowed : .needsSecondFactor }

    /// Whether this person holds any of `roles`.
    public func holdsAny(_ roles: Set<Role>) -> Bool { !self.roles.isDisjoint(with: roles) }
}
