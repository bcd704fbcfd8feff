/// One guest of `GET /nodes/{node}/qemu` or `GET /nodes/{node}/lxc`.
///
/// Memory and disk sizes are in bytes, `uptime` in seconds; fields not listed are ignored.
public struct GuestSummary: Sendable, Hashable, Decodable {
    public var vmid: Int
    public var kind: GuestKind
    /// The node that was asked.
    public var node: String
    /// Empty when the guest has no name.
    public var name: String
    public var status: GuestState
    /// CPU use as a fraction of `cpus` (0...1).
    public var cpu: Double
    public var cpus: Double
    public var mem: Int64
    public var maxmem: Int64
    public var disk: Int64
    public var maxdisk: Int64
    public var uptime: Int64
    public var tags: [String]
    public var lock: String?
    public var template: Bool

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        let context = decoder.userInfo[ProxmoxJSON.contextKey] as? ProxmoxJSON.Context
        vmid = try c.requiredInt("vmid")
        kind = c.lenientString("type").flatMap(GuestKind.init(rawValue:)) ?? context?.kind ?? .qemu
        node = c.lenientString("node") ?? context?.node ?? ""
        name = c.lenientString("name") ?? ""
        status = GuestState(rawValue: c.lenientString("status") ?? "")
        cpu = c.lenientDouble("cpu") ?? 0
        cpus = c.lenientDouble("cpus") ?? c.lenientDouble("maxcpu") ?? 0
        mem = c.lenientInt64("mem") ?? 0
        maxmem = c.lenientInt64("maxmem") ?? 0
        disk = c.lenientInt64("disk") ?? 0
        maxdisk = c.lenientInt64("maxdisk") ?? 0
        uptime = c.lenientInt64("uptime") ?? 0
        tags = parseTags(c.lenientString("tags"))
        lock = c.lenientString("lock")
        template = c.lenientBool("template") ?? false
    }
}
