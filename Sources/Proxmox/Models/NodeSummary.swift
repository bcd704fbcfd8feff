/// One entry of `GET /nodes`. Offline nodes report no figures; those read 0.
///
/// Memory and disk sizes are in bytes, `uptime` in seconds; fields not listed are ignored.
public struct NodeSummary: Sendable, Hashable, Decodable {
    public var node: String
    public var status: NodeState
    /// CPU use as a fraction of `maxcpu` (0...1).
    public var cpu: Double
    public var maxcpu: Int
    public var mem: Int64
    public var maxmem: Int64
    public var disk: Int64
    public var maxdisk: Int64
    public var uptime: Int64

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        node = try c.requiredString("node")
        status = NodeState(rawValue: c.lenientString("status") ?? "unknown")
        cpu = c.lenientDouble("cpu") ?? 0
        maxcpu = c.lenientInt("maxcpu") ?? 0
        mem = c.lenientInt64("mem") ?? 0
        maxmem = c.lenientInt64("maxmem") ?? 0
        disk = c.lenientInt64("disk") ?? 0
        maxdisk = c.lenientInt64("maxdisk") ?? 0
        uptime = c.lenientInt64("uptime") ?? 0
    }
}
