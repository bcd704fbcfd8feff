/// Which targets a rule applies to. An empty list does not restrict; several lists must all match.
public struct AlertScope: Sendable, Hashable {
    public var nodes: [String]
    public var tags: [String]
    public var pools: [String]
    public var guests: [Int]

    public init(nodes: [String] = [], tags: [String] = [], pools: [String] = [], guests: [Int] = []) {
        self.nodes = nodes
        self.tags = tags
        self.pools = pools
        self.guests = guests
    }

    /// Whether nothing is restricted (most rules): then no guest need be looked at to know it is in scope.
    var includesEverything: Bool { nodes.isEmpty && tags.isEmpty && pools.isEmpty && guests.isEmpty }

    /// Whether a node (and its storages) is in scope. Tag, pool and guest filters only apply to guests.
    public func includes(node: String) -> Bool {
        nodes.isEmpty || nodes.contains(node)
    }

    public func includes(_ guest: GuestSample) -> Bool {
        (nodes.isEmpty || nodes.contains(guest.node))
            && (tags.isEmpty || guest.tags.contains { tags.contains($0) })
            && (pools.isEmpty || guest.pool.map { pools.contains($0) } == true)
            && (guests.isEmpty || guests.contains(guest.vmid))
    }
}
