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

    public init(id: String, label: String, alias: String? = nil, node: String? = nil, tags: [String] = []) {
        self.id = id
        self.label = label
        self.alias = alias
        self.node = node
        self.tags = tags
    }
}
