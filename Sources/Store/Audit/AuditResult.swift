/// How an audited action ended. Stored as text; values this version does not know are kept as `.unknown`.
public enum AuditResult: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    case ok
    case denied
    case failed
    case cancelled
    case expired
    case confirmationRequested
    /// An intent written before the action (`AuditLog.begin`) whose outcome was never written:
    /// still running, or the process died mid-action.
    case started
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "ok": self = .ok
        case "denied": self = .denied
        case "failed": self = .failed
        case "cancelled": self = .cancelled
        case "expired": self = .expired
        case "confirmation_requested": self = .confirmationRequested
        case "started": self = .started
        default: self = .unknown(rawValue)
        }
    }

    /// The text stored in the database.
    public var rawValue: String {
        switch self {
        case .ok: "ok"
        case .denied: "denied"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .expired: "expired"
        case .confirmationRequested: "confirmation_requested"
        case .started: "started"
        case .unknown(let value): value
        }
    }

    public var description: String { rawValue }
}
