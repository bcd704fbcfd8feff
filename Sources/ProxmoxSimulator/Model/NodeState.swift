/// One simulated cluster node.
struct NodeState: Sendable {
    var name: String
    var nodeid: Int
    var online: Bool
    var cores: Int
    var sockets: Int
    var cpuModel: String
    var maxMemory: Int
    var maxDisk: Int
    var rootUsed: Int
    var swapTotal: Int
    /// Epoch seconds when the node booted.
    var bootTime: Double
    var ip: String
    var fingerprint: String
    /// When set, the node reports this fraction of its memory in use.
    var pinnedMemoryFraction: Double?
    var nextPID: Int
}
