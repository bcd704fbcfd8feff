/// `GET /nodes/{node}/{qemu|lxc}/{vmid}/status/current`.
///
/// Memory and disk sizes are in bytes, `uptime` in seconds; fields not listed are ignored.
public struct GuestStatus: Sendable, Hashable, Decodable {
    public var vmid: Int
    /// Empty when the guest has no name.
    public var name: String
    public var status: GuestState
    /// QEMU only: the monitor's view (`running`, `paused`, `prelaunch`, ...).
    public var qmpstatus: String?
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
    public var ha: GuestHA?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        vmid = try c.requiredInt("vmid")
        name = c.lenientString("name") ?? ""
        status = GuestState(rawValue: c.lenientString("status") ?? "")
        qmpstatus = c.lenientString("qmpstatus")
        cpu = c.lenientDouble("cpu") ?? 0
        cpus = c.lenientDouble("cpus") ?? 0
        mem = c.lenientInt64("mem") ?? 0
        maxmem = c.lenientInt64("maxmem") ?? 0
        disk = c.lenientInt64("disk") ?? 0
        maxdisk = c.lenientInt64("maxdisk") ?? 0
        uptime = c.lenientInt64("uptime") ?? 0
        tags = parseTags(c.lenientString("tags"))
        lock = c.lenientString("lock")
        ha = c.nested(GuestHA.self, "ha")
    }
}
