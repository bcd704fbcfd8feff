/// What a guest looks like to a scope check.
public struct GuestTarget: Sendable, Equatable {
    public var vmid: Int
    public var name: String
    public var node: String
    public var tags: [String]
    public var pool: String?

    public init(vmid: Int, name: String, node: String, tags: [String], pool: String?) {
        self.vmid = vmid
        self.name = name
        self.node = node
        self.tags = tags
        self.pool = pool
    }
}

/// Limits a binding to some guests. A guest is in scope when any listed criterion matches it.
public struct Scope: Sendable, Equatable {
    public var tags: Set<String>
    public var pools: Set<String>
    public var nodes: Set<String>
    public var vmids: [ClosedRange<Int>]

    public init(tags: Set<String> = [], pools: Set<String> = [], nodes: Set<String> = [], vmids: [ClosedRange<Int>] = []) {
        self.tags = Set(tags.map { $0.lowercased() })
        self.pools = pools
        self.nodes = nodes
        self.vmids = vmids
    }

    public func contains(_ guest: GuestTarget) -> Bool {
        if guest.tags.contains(where: { tags.contains($0.lowercased()) }) { return true }
        if let pool = guest.pool, pools.contains(pool) { return true }
        if nodes.contains(guest.node) { return true }
        return vmids.contains { $0.contains(guest.vmid) }
    }

    /// "tags lab; nodes pve2", for refusals and `whoami`.
    public var summary: String {
        var parts: [String] = []
        if !tags.isEmpty { parts.append("tags \(tags.sorted().joined(separator: ", "))") }
        if !pools.isEmpty { parts.append("pools \(pools.sorted().joined(separator: ", "))") }
        if !nodes.isEmpty { parts.append("nodes \(nodes.sorted().joined(separator: ", "))") }
        if !vmids.isEmpty {
            parts.append("VMIDs " + vmids.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", "))
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: "; ")
    }
}
