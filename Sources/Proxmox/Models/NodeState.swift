/// Whether a node is part of the running cluster.
public enum NodeState: Sendable, Hashable, Decodable, CustomStringConvertible {
    case online
    case offline
    /// Anything else, including PVE's own `unknown`.
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "online": self = .online
        case "offline": self = .offline
        default: self = .unknown(rawValue)
        }
    }

    /// The value as Proxmox spells it.
    public var rawValue: String {
        switch self {
        case .online: "online"
        case .offline: "offline"
        case .unknown(let value): value
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decodeEnumText(decoder))
    }

    public var description: String { rawValue }
}
