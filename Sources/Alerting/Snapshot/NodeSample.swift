import Proxmox

/// One node as the poller saw it.
public struct NodeSample: Sendable, Hashable {
    public var name: String
    public var online: Bool
    public var cpu: Double?
    public var memory: Double?
    /// Root file system use as a fraction.
    public var rootDisk: Double?

    public init(name: String, online: Bool, cpu: Double? = nil, memory: Double? = nil, rootDisk: Double? = nil) {
        self.name = name
        self.online = online
        self.cpu = cpu
        self.memory = memory
        self.rootDisk = rootDisk
    }
}
