/// One entry of `GET /nodes/{node}/storage`. Inactive storages report no sizes; those read 0.
///
/// Memory and disk sizes are in bytes, `uptime` in seconds; fields not listed are ignored.
public struct NodeStorage: Sendable, Hashable, Decodable {
    public var storage: String
    /// Plugin type, e.g. `dir`, `lvmthin`, `zfspool`, `pbs`.
    public var type: String
    /// Content types, e.g. `["images", "rootdir"]`.
    public var content: [String]
    public var active: Bool
    public var enabled: Bool
    public var shared: Bool
    public var used: Int64
    public var total: Int64
    public var avail: Int64

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        storage = try c.requiredString("storage")
        type = c.lenientString("type") ?? ""
        content = parseList(c.lenientString("content"))
        active = c.lenientBool("active") ?? false
        enabled = c.lenientBool("enabled") ?? true
        shared = c.lenientBool("shared") ?? false
        used = c.lenientInt64("used") ?? 0
        total = c.lenientInt64("total") ?? 0
        avail = c.lenientInt64("avail") ?? 0
    }
}
