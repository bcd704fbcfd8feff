/// A role given to subjects, optionally only for the guests in a scope.
public struct RoleBinding: Sendable, Equatable {
    public var role: String
    public var permissions: Set<Permission>
    public var subjects: Set<Subject>
    /// nil: the whole cluster.
    public var scope: Scope?

    public init(role: String, permissions: Set<Permission>, subjects: Set<Subject>, scope: Scope? = nil) {
        self.role = role
        self.permissions = permissions
        self.subjects = subjects
        self.scope = scope
    }

    func grants(_ permission: Permission) -> Bool {
        permissions.contains(.admin) || permissions.contains(permission)
    }
}

/// The answer of the policy, with the reason a refusal gives.
public enum AccessDecision: Sendable, Equatable {
    case allowed
    /// Allowed for some guests only: lists must be filtered with `AccessPolicy.canSee`.
    case allowedWithinScopes([Scope])
    case denied(reason: String)

    public var isAllowed: Bool {
        if case .denied = self { false } else { true }
    }
}

/// Role-based access control: deny by default; a subject gets what its bindings grant.
public struct AccessPolicy: Sendable {
    public var bindings: [RoleBinding]

    public init(bindings: [RoleBinding]) {
        self.bindings = bindings
    }

    /// The bindings that apply to any of these identities.
    public func bindings(for subjects: [Subject]) -> [RoleBinding] {
        bindings.filter { !$0.subjects.isDisjoint(with: subjects) }
    }

    /// May these subjects use a permission at all (before a target is known)? nil: anyone may.
    public func check(_ permission: Permission?, subjects: [Subject]) -> AccessDecision {
        guard let permission else { return .allowed }
        let granting = bindings(for: subjects).filter { $0.grants(permission) }
        if granting.isEmpty {
            return .denied(reason: "You do not have the `\(permission.rawValue)` permission.")
        }
        if granting.contains(where: { $0.scope == nil }) { return .allowed }
        return .allowedWithinScopes(granting.compactMap(\.scope))
    }

    /// May these subjects use a permission on this guest?
    public func check(_ permission: Permission, subjects: [Subject], guest: GuestTarget) -> AccessDecision {
        switch check(permission, subjects: subjects) {
        case .allowed:
            return .allowed
        case let .denied(reason):
            return .denied(reason: reason)
        case let .allowedWithinScopes(scopes):
            if scopes.contains(where: { $0.contains(guest) }) { return .allowed }
            let within = scopes.map(\.summary).joined(separator: " or ")
            return .denied(reason: "You may use `\(permission.rawValue)` only on guests with \(within); \(guest.vmid) (\(guest.name)) is not one of them.")
        }
    }

    /// Whether a guest shows up in lists for these subjects.
    public func canSee(_ guest: GuestTarget, subjects: [Subject]) -> Bool {
        check(.guestView, subjects: subjects, guest: guest).isAllowed
    }

    /// All permissions these subjects hold, with the scope each is limited to, for `whoami`.
    public func grants(for subjects: [Subject]) -> [(role: String, permissions: [Permission], scope: Scope?)] {
        bindings(for: subjects).map { ($0.role, $0.permissions.sorted(), $0.scope) }
    }
}
