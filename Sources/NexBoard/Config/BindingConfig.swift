import NexBoardCore

/// Gives a role to subjects (an entry of `bindings`), optionally limited to a scope of guests.
public struct BindingConfig: Sendable, Equatable {
    /// The role's name: built-in or defined under `roles`.
    public var role: String
    /// The platform identities that get the role.
    public var subjects: [Subject]
    /// The guests the role applies to; nil means all guests.
    public var scope: ScopeConfig?

    public init(role: String, subjects: [Subject], scope: ScopeConfig? = nil) {
        self.role = role
        self.subjects = subjects
        self.scope = scope
    }
}
