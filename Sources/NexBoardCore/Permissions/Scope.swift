/// What a guest looks like to a scope check.
public struct GuestTarget: Sendable, Hashable, Codable {
    /// The configured cluster the guest lives on (`homelab`).
    public var cluster: String
    public var vmid: Int
    /// Empty when not known (a guest that no longer exists, remembered by VMID).
    public var name: String
    public var node: String
    public var tags: [String]
    public var pool: String?

    public init(cluster: String, vmid: Int, name: String, node: String, tags: [String], pool: String?) {
        self.cluster = cluster
        self.vmid = vmid
        self.name = name
        self.node = node
        self.tags = tags
        self.pool = pool
    }
}

/// What a listed item is about (a task, an event, an alert, a silence), so that lists can show
/// each person only what their scope reaches.
public enum Concern: Sendable, Hashable, Codable {
    /// One guest.
    case guest(GuestTarget)
    /// A node as a whole (node offline, node memory, a node's own tasks).
    case node(cluster: String, name: String)
    /// Something of a whole cluster: storages, quorum, reachability, cluster-wide tasks.
    case cluster(String)
    /// Any cluster and any target (a `*` silence, a rule name).
    case everything
}

/// Limits a binding. Within its `clusters` (all when empty), a guest is in scope when any listed
/// criterion matches it: one of its tags, its pool, its node or its VMID range. A scope that lists
/// clusters and no guest criteria covers everything on those clusters.
public struct Scope: Sendable, Hashable {
    public var clusters: Set<String>
    public var tags: Set<String>
    public var pools: Set<String>
    public var nodes: Set<String>
    public var vmids: [ClosedRange<Int>]

    public init(clusters: Set<String> = [], tags: Set<String> = [], pools: Set<String> = [], nodes: Set<String> = [],
                vmids: [ClosedRange<Int>] = []) {
        self.clusters = clusters
        self.tags = Set(tags.map { $0.lowercased() })
        self.pools = pools
        self.nodes = nodes
        self.vmids = vmids
    }

    /// Whether the scope picks guests (tags, pools, nodes or VMIDs), rather than whole clusters.
    public var limitsGuests: Bool {
        !(tags.isEmpty && pools.isEmpty && nodes.isEmpty && vmids.isEmpty)
    }

    /// A scope that lists nothing covers nothing.
    public var isEmpty: Bool { clusters.isEmpty && !limitsGuests }

    /// Whether the scope applies on this cluster at all.
    public func covers(cluster: String) -> Bool {
        !isEmpty && (clusters.isEmpty || clusters.contains(cluster))
    }

    public func contains(_ guest: GuestTarget) -> Bool {
        guard covers(cluster: guest.cluster) else { return false }
        guard limitsGuests else { return true }
        if guest.tags.contains(where: { tags.contains($0.lowercased()) }) { return true }
        if let pool = guest.pool, pools.contains(pool) { return true }
        if nodes.contains(guest.node) { return true }
        return vmids.contains { $0.contains(guest.vmid) }
    }

    /// Whether the scope reaches what an item is about. A node is reached when the scope names it
    /// (or covers its whole cluster); a cluster only when the scope covers it whole; `everything` never.
    public func contains(_ concern: Concern) -> Bool {
        switch concern {
        case .guest(let guest): contains(guest)
        case .node(let cluster, let name): covers(cluster: cluster) && (!limitsGuests || nodes.contains(name))
        case .cluster(let cluster): covers(cluster: cluster) && !limitsGuests
        case .everything: false
        }
    }

    /// "clusters lab; tags lab; nodes pve2", for refusals and `whoami`.
    public var summary: String {
        var parts: [String] = []
        if !clusters.isEmpty { parts.append("clusters \(clusters.sorted().joined(separator: ", "))") }
        if !tags.isEmpty { parts.append("tags \(tags.sorted().joined(separator: ", "))") }
        if !pools.isEmpty { parts.append("pools \(pools.sorted().joined(separator: ", "))") }
        if !nodes.isEmpty { parts.append("nodes \(nodes.sorted().joined(separator: ", "))") }
        if !vmids.isEmpty {
            parts.append("VMIDs " + vmids.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", "))
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: "; ")
    }
}
