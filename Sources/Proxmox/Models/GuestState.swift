/// The run state of a guest (`status` of `/status/current` and guest lists).
public enum GuestState: Sendable, Hashable, Decodable, CustomStringConvertible {
    case running
    case stopped
    case paused
    case suspended
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "running": self = .running
        case "stopped": self = .stopped
        case "paused": self = .paused
        case "suspended": self = .suspended
        default: self = .unknown(rawValue)
        }
    }

    /// The value as Proxmox spells it.
    public var rawValue: String {
        switch self {
        case .running: "running"
        case .stopped: "stopped"
        case .paused: "paused"
        case .suspended: "suspended"
        case .unknown(let value): value
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decodeEnumText(decoder))
    }

    public var description: String { rawValue }
}
