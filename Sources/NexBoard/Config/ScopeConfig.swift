/// Limits a binding: to some clusters (all when none are listed) and, within them, to some guests: a
/// guest is in scope when any listed criterion matches it (one of its tags, its pool, its node or its
/// VMID). A scope that lists only clusters covers everything on them.
public struct ScopeConfig: Sendable, Equatable {
    /// Configured cluster names; empty: every cluster.
    public var clusters: [String]
    /// Proxmox guest tags; a guest with any of them is in scope.
    public var tags: [String]
    /// Resource pool names.
    public var pools: [String]
    /// Node names.
    public var nodes: [String]
    /// VMID ranges; a single VMID is a range of one.
    public var vmids: [ClosedRange<Int>]

    public init(clusters: [String] = [], tags: [String] = [], pools: [String] = [], nodes: [String] = [], vmids: [ClosedRange<Int>] = []) {
        self.clusters = clusters
        self.tags = tags
        self.pools = pools
        self.nodes = nodes
        self.vmids = vmids
    }
}
