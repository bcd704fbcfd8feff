/// Whether a task still runs.
public enum TaskState: Sendable, Hashable, Decodable, CustomStringConvertible {
    case running
    case stopped
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "running": self = .running
        case "stopped": self = .stopped
        default: self = .unknown(rawValue)
        }
    }

    /// The value as Proxmox spells it.
    public var rawValue: String {
        switch self {
        case .running: "running"
        case .stopped: "stopped"
        case .unknown(let value): value
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decodeEnumText(decoder))
    }

    public var description: String { rawValue }
}
