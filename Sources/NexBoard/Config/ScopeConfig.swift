/// Limits a binding to some guests: a guest is in scope when any listed criterion matches it
/// (one of its tags, its pool, its node or its VMID).
public struct ScopeConfig: Sendable, Equatable {
    public var tags: [String]
    public var pools: [String]
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
