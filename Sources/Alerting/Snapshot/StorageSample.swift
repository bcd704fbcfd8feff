/// One storage on one node as the poller saw it.
public struct StorageSample: Sendable, Hashable {
    public var node: String
    public var name: String
    public var usage: Double?

    public init(node: String, name: String, usage: Double?) {
        self.node = node
        self.name = name
        self.usage = usage
    }

    /// `pve1/local-lvm`.
    public var label: String { "\(node)/\(name)" }
}
