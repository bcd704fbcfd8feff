/// One entry of `GET /cluster/resources`: a node, guest, storage, pool or SDN zone.
///
/// Memory and disk sizes are in bytes, `uptime` in seconds; fields not listed are ignored.
public struct ClusterResource: Sendable, Hashable, Decodable {
    /// e.g. `qemu/100`, `node/pve1`, `storage/pve1/local`.
    public var id: String
    public var type: ResourceKind
    public var node: String?
    public var status: String?
    public var name: String?
    public var vmid: Int?
    /// CPU use as a fraction of `maxcpu` (0...1).
    public var cpu: Double?
    public var maxcpu: Double?
    public var mem: Int64?
    public var maxmem: Int64?
    public var disk: Int64?
    public var maxdisk: Int64?
    public var uptime: Int64?
    /// Parsed from "a;b", "a,b" or "a b"; empty when absent.
    public var tags: [String]
    public var pool: String?
    public var template: Bool
    public var storage: String?
    public var plugintype: String?
    /// Storage only: comma-separated content types, e.g. `images,rootdir`.
    public var content: String?
    public var shared: Bool
    public var hastate: String?
    public var lock: String?

    /// `.qemu` or `.lxc` for guests, `nil` otherwise.
    public var guestKind: GuestKind? {
        switch type {
        case .qemu: .qemu
        case .lxc: .lxc
        default: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        id = try c.requiredString("id")
        type = ResourceKind(rawValue: c.lenientString("type") ?? "")
        node = c.lenientString("node")
        status = c.lenientString("status")
        name = c.lenientString("name")
        vmid = c.lenientInt("vmid")
        cpu = c.lenientDouble("cpu")
        maxcpu = c.lenientDouble("maxcpu")
        mem = c.lenientInt64("mem")
        maxmem = c.lenientInt64("maxmem")
        disk = c.lenientInt64("disk")
        maxdisk = c.lenientInt64("maxdisk")
        uptime = c.lenientInt64("uptime")
        tags = parseTags(c.lenientString("tags"))
        pool = c.lenientString("pool")
        template = c.lenientBool("template") ?? false
        storage = c.lenientString("storage")
        plugintype = c.lenientString("plugintype")
        content = c.lenientString("content")
        shared = c.lenientBool("shared") ?? false
        hastate = c.lenientString("hastate")
        lock = c.lenientString("lock")
    }
}
