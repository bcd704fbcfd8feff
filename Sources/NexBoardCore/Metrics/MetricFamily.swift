/// One metric family on `/metrics`: its name, type, labels and help text.
///
/// Every family NexBoard exposes is listed here once (`all`), so the HTTP page can give each its
/// help text, the application can register every family with zero values at start, and the call
/// sites (which record through swift-metrics) use the same names. Names follow Prometheus
/// conventions: counters end in `_total`, durations are `_seconds`, sizes `_bytes`.
public struct MetricFamily: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case counter, gauge, histogram
    }

    public let name: String
    public let kind: Kind
    public let labels: [String]
    public let help: String

    public init(_ name: String, _ kind: Kind, labels: [String] = [], help: String) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.help = help
    }

    // The process (read from /proc/self when /metrics is asked).
    public static let residentMemory = MetricFamily("process_resident_memory_bytes", .gauge, help: "Resident memory size in bytes.")
    public static let virtualMemory = MetricFamily("process_virtual_memory_bytes", .gauge, help: "Virtual memory size in bytes.")
    public static let cpuSeconds = MetricFamily("process_cpu_seconds_total", .counter, help: "Total user and system CPU time spent in seconds.")
    public static let openFDs = MetricFamily("process_open_fds", .gauge, help: "Number of open file descriptors.")
    public static let maxFDs = MetricFamily("process_max_fds", .gauge, help: "Maximum number of open file descriptors.")
    public static let startTime = MetricFamily("process_start_time_seconds", .gauge,
                                               help: "Start time of the process since the Unix epoch in seconds.")
    public static let buildInfo = MetricFamily("nexboard_build_info", .gauge, labels: ["version"],
                                               help: "Always 1; the version of the running NexBoard in its label.")

    // Proxmox and polling.
    public static let proxmoxRequestDuration = MetricFamily(
        "nexboard_proxmox_request_duration_seconds", .histogram, labels: ["cluster", "endpoint"],
        help: "Proxmox API requests by cluster and endpoint template, answered or not.")
    public static let proxmoxErrors = MetricFamily(
        "nexboard_proxmox_errors_total", .counter, labels: ["cluster", "kind"],
        help: "Proxmox API requests that failed, by cluster and kind (unreachable, timeout, unauthorized, forbidden, not_found, server, invalid_response, task_failed).")
    public static let pollCycles = MetricFamily(
        "nexboard_poll_cycles_total", .counter, labels: ["cluster", "outcome"],
        help: "Alert poll cycles by cluster and outcome (ok, unreachable: the cluster did not answer, failed: the cycle was not saved).")
    public static let pollCycleDuration = MetricFamily(
        "nexboard_poll_cycle_duration_seconds", .histogram, labels: ["cluster"],
        help: "Whole alert poll cycles (read the cluster, diff, rules, commit) by cluster.")

    // Alerts and their delivery.
    public static let alerts = MetricFamily(
        "nexboard_alerts", .gauge, labels: ["cluster", "state", "severity"],
        help: "Tracked alerts by cluster, state (pending, firing, acknowledged, flapping) and severity.")
    public static let outboxPending = MetricFamily(
        "nexboard_outbox_pending", .gauge, labels: ["destination"],
        help: "Notifications waiting in the outbox, by destination.")
    public static let outboxOldestAge = MetricFamily(
        "nexboard_outbox_oldest_pending_age_seconds", .gauge, labels: ["destination"],
        help: "Age of the oldest notification waiting in the outbox, by destination (0 when none waits).")
    public static let deliveries = MetricFamily(
        "nexboard_deliveries_total", .counter, labels: ["destination", "outcome"],
        help: "Notification delivery attempts by destination and outcome (sent, retry, dead).")

    // Chat.
    public static let chatConnected = MetricFamily(
        "nexboard_chat_connected", .gauge, labels: ["platform"],
        help: "1 while the chat platform's session is established, else 0.")
    public static let chatReconnects = MetricFamily(
        "nexboard_chat_reconnects_total", .counter, labels: ["platform"],
        help: "Chat platform sessions that ended and are reconnected.")
    public static let commands = MetricFamily(
        "nexboard_commands_total", .counter, labels: ["command", "outcome"],
        help: "Chat commands by command and outcome (ok, failed, denied, invalid, error).")
    public static let confirmations = MetricFamily(
        "nexboard_confirmations_total", .counter, labels: ["outcome"],
        help: "Confirmations by outcome (requested, confirmed, cancelled, expired, not_found, already_used, wrong_user).")

    /// Every family, in the order of the README's Metrics section.
    public static let all: [MetricFamily] = [
        residentMemory, virtualMemory, cpuSeconds, openFDs, maxFDs, startTime, buildInfo,
        proxmoxRequestDuration, proxmoxErrors, pollCycles, pollCycleDuration,
        alerts, outboxPending, outboxOldestAge, deliveries,
        chatConnected, chatReconnects, commands, confirmations,
    ]

    /// The outcomes of `commands`, `pollCycles`, `deliveries` and `confirmations`, registered at zero at start.
    public static let commandOutcomes = ["ok", "failed", "denied", "invalid", "error"]
    public static let pollOutcomes = ["ok", "unreachable", "failed"]
    public static let deliveryOutcomes = ["sent", "retry", "dead"]
    /// The kinds of `proxmoxErrors` and the states of `alerts`, registered at zero at start.
    public static let proxmoxErrorKinds = ["unreachable", "timeout", "unauthorized", "forbidden", "not_found", "server", "invalid_response",
                                           "task_failed"]
    public static let alertStates = ["pending", "firing", "acknowledged", "flapping"]
    public static let confirmationOutcomes = ["requested", "confirmed", "cancelled", "expired", "not_found", "already_used", "wrong_user"]
}
