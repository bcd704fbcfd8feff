import NexBoardCore

extension AccessPolicy {
    /// The policy the configuration describes: built-in and custom roles, bound to subjects.
    init(config: NexBoardConfig) {
        let roles = config.roles
        self.init(bindings: config.bindings.map { binding in
            RoleBinding(
                role: binding.role,
                permissions: Set(roles[binding.role] ?? []),
                subjects: Set(binding.subjects),
                scope: binding.scope.map { Scope(clusters: Set($0.clusters), tags: Set($0.tags), pools: Set($0.pools), nodes: Set($0.nodes), vmids: $0.vmids) })
        })
    }
}
