/// Limits a binding to some guests: a guest is in scope when any listed criterion matches it
/// (one of its tags, its pool, its node or its VMID).
public struct ScopeConfig: Sendable, Equatable {
    /// Proxmox guest tags; a guest with any of them is in scope.
    public var tags: [String]
    /// Resource pool names.
    public var pools: [String]
    /// Node names.
    public var nodes: [String]
    /// VMID ranges; a single VMID is a range of one.
    public var vmids: [ClosedRange<Int>]

    public init(tags: [String] = [], pools: [String] = [], nodes: [String] = [], vmids: [ClosedRange<Int>] = []) {
        self.tags = tags
        self.pools = pools
        self.nodes = nodes
        self.vmids = vmids
    }
}
