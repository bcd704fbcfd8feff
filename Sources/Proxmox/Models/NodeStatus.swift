/// `GET /nodes/{node}/status`. Figures Proxmox leaves out read 0.
///
/// Memory and disk sizes are in bytes, `uptime` in seconds; fields not listed are ignored.
public struct NodeStatus: Sendable, Hashable, Decodable {
    /// CPU use as a fraction of all CPUs (0...1).
    public var cpu: Double
    /// Logical CPUs (`cpuinfo.cpus`).
    public var cpuCount: Int
    public var memoryUsed: Int64
    public var memoryTotal: Int64
    public var rootUsed: Int64
    public var rootTotal: Int64
    public var swapUsed: Int64
    public var swapTotal: Int64
    public var uptime: Int64
    /// 1, 5 and 15 minute load averages.
    public var loadAverage: [Double]
    /// e.g. `Linux 6.11.0-1-pve ...`.
    public var kernelVersion: String?
    /// e.g. `pve-manager/9.1-1/9a1b2c3d`.
    public var pveVersion: String?

    private struct Usage: Decodable {
        var used: Int64
        var total: Int64
        init(from decoder: any Decoder) throws {
            let c = try decoder.anyKeyed()
            used = c.lenientInt64("used") ?? 0
            total = c.lenientInt64("total") ?? 0
        }
    }

    private struct CPUInfo: Decodable {
        var cpus: Int?
        init(from decoder: any Decoder) throws {
            cpus = try decoder.anyKeyed().lenientInt("cpus")
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        cpu = c.lenientDouble("cpu") ?? 0
        cpuCount = c.nested(CPUInfo.self, "cpuinfo")?.cpus ?? 0
        let memory = c.nested(Usage.self, "memory")
        memoryUsed = memory?.used ?? 0
        memoryTotal = memory?.total ?? 0
        let root = c.nested(Usage.self, "rootfs")
        rootUsed = root?.used ?? 0
        rootTotal = root?.total ?? 0
        let swap = c.nested(Usage.self, "swap")
        swapUsed = swap?.used ?? 0
        swapTotal = swap?.total ?? 0
        uptime = c.lenientInt64("uptime") ?? 0
        loadAverage = (c.nested([JSONScalar].self, "loadavg") ?? []).compactMap(\.double)
        kernelVersion = c.lenientString("kversion")
        pveVersion = c.lenientString("pveversion")
    }
}
