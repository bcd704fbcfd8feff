/// The `type` of a `/cluster/resources` entry.
public enum ResourceKind: Sendable, Hashable, Decodable, CustomStringConvertible {
    case node, qemu, lxc, storage, pool, sdn
    /// A type this client does not know yet (PVE adds some, e.g. `openvz` once, `network` later).
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "node": self = .node
        case "qemu": self = .qemu
        case "lxc": self = .lxc
        case "storage": self = .storage
        case "pool": self = .pool
        case "sdn": self = .sdn
        default: self = .unknown(rawValue)
        }
    }

    /// The value as Proxmox spells it.
    public var rawValue: String {
        switch self {
        case .node: "node"
        case .qemu: "qemu"
        case .lxc: "lxc"
        case .storage: "storage"
        case .pool: "pool"
        case .sdn: "sdn"
        case .unknown(let value): value
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decodeEnumText(decoder))
    }

    public var description: String { rawValue }
}
