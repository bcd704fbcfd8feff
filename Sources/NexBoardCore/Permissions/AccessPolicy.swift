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

    /// Whether the decision reaches what an item is about (lists keep only such items).
    public func reaches(_ concern: Concern) -> Bool {
        switch self {
        case .allowed: true
        case .allowedWithinScopes(let scopes): scopes.contains { $0.contains(concern) }
        case .denied: false
        }
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

    /// May these subjects use a permission at all (before a target is known), on `cluster` when
    /// one is given? nil permission: anyone may.
    public func check(_ permission: Permission?, subjects: [Subject], cluster: String? = nil) -> AccessDecision {
        guard let permission else { return .allowed }
        let granting = bindings(for: subjects).filter { $0.grants(permission) }
        if granting.isEmpty {
            return .denied(reason: "You do not have the `\(permission.rawValue)` permission.")
        }
        var applying = granting
        if let cluster {
            applying = granting.filter { $0.scope?.covers(cluster: cluster) ?? true }
            if applying.isEmpty {
                return .denied(reason: "You may use `\(permission.rawValue)` only on \(Self.clusterList(granting)), not on cluster \(cluster).")
            }
        }
        // A scope that lists only clusters covers the whole cluster it is asked about.
        if applying.contains(where: { $0.scope == nil || (cluster != nil && $0.scope?.limitsGuests == false) }) { return .allowed }
        return .allowedWithinScopes(applying.compactMap(\.scope))
    }

    /// May these subjects use a permission on this guest?
    public func check(_ permission: Permission, subjects: [Subject], guest: GuestTarget) -> AccessDecision {
        switch check(permission, subjects: subjects, cluster: guest.cluster) {
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

    /// "cluster lab" or "clusters lab, prod", from the scopes of the granting bindings.
    private static func clusterList(_ bindings: [RoleBinding]) -> String {
        let names = Set(bindings.compactMap(\.scope).flatMap(\.clusters)).sorted()
        if names.isEmpty { return "other clusters" }
        return names.count == 1 ? "cluster \(names[0])" : "clusters \(names.joined(separator: ", "))"
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
