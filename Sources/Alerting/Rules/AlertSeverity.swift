import NexBoardCore

/// How bad an alert or event is; subscriptions pick a minimum.
///
/// The one mapping every sink uses (README, "Alerts and events"):
///
/// | Proxmox VE | NexBoard | chat colour | email subject, JSON `severity` | ntfy priority | Gotify priority |
/// |---|---|---|---|---|---|
/// | `info`, `notice` | `info` | blue | `INFO`, `"info"` | 3 | 4 |
/// | `warning`, anything else | `warning` | amber | `WARNING`, `"warning"` | 4 | 6 |
/// | `error` | `critical` | red | `CRITICAL`, `"critical"` | 5 | 8 |
/// | – (a resolution) | – | green | `OK`, `"ok"` | 3 | 4 |
public enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case info, warning, critical

    /// A Proxmox VE notification's severity (`info`, `notice`, `warning`, `error`, `unknown`):
    /// `error` is critical, `info` and `notice` are info, anything else (or nothing) is a warning.
    public init(proxmox: String?) {
        self = switch proxmox?.lowercased() {
        case "info", "notice": .info
        case "error": .critical
        default: .warning
        }
    }

    /// The severity of the chat message that announces it.
    public var messageSeverity: Message.Severity {
        switch self {
        case .info: .info
        case .warning: .warning
        case .critical: .error
        }
    }

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}

extension Message.Severity {
    /// The name every sink shows for a notification's severity: the `AlertSeverity` it came from
    /// (`critical`, `warning`, `info`), `ok` for a resolution, `pending` for a wait. Email puts it in
    /// capitals in front of the subject; the JSON webhook sends it as `severity`.
    public var notificationLabel: String {
        switch self {
        case .error: AlertSeverity.critical.rawValue
        case .warning: AlertSeverity.warning.rawValue
        case .info: AlertSeverity.info.rawValue
        case .success: "ok"
        case .pending: "pending"
        }
    }

    /// ntfy's priority (1–5) for a notification of this severity; Gotify's (0–10) is twice it less 2.
    public var pushPriority: Int {
        switch self {
        case .error: 5
        case .warning: 4
        case .info, .success, .pending: 3
        }
    }
}
