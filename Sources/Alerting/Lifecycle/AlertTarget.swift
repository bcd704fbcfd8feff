import NexBoardCore

/// What an alert is about: a node, a guest, a storage or the cluster itself.
public struct AlertTarget: Sendable, Hashable, Codable {
    /// Stable within a cluster: `pve2`, `101`, `pve2/local`, `cluster`.
    public var id: String
    /// For messages: `pve2`, `VM 101 (web01)`, `storage pve2/local`, `cluster homelab`.
    public var label: String
    /// Another name a silence may use (a guest's name).
    public var alias: String?
    public var node: String?
    public var tags: [String]
    /// A guest's pool, for scoped permissions.
    public var pool: String?

    public init(id: String, label: String, alias: String? = nil, node: String? = nil, tags: [String] = [], pool: String? = nil) {
        self.id = id
        self.label = label
        self.alias = alias
        self.node = node
        self.tags = tags
        self.pool = pool
    }

    /// What the target is, for scoped permissions: a guest (its id is a VMID), a node (its id is the
    /// node's name), else something of the whole cluster (a storage, quorum, reachability).
    public func concern(cluster: String) -> Concern {
        if let vmid = Int(id) {
            return .guest(GuestTarget(cluster: cluster, vmid: vmid, name: alias ?? "", node: node ?? "", tags: tags, pool: pool))
        }
        if let node, node == id { return .node(cluster: cluster, name: node) }
        return .cluster(cluster)
    }
}
