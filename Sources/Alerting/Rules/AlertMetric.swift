/// What a rule watches. Threshold metrics are percentages (0-100); the others are conditions.
public enum AlertMetric: String, Sendable, Hashable, Codable, CaseIterable {
    case nodeCPU = "node-cpu"
    case nodeMemory = "node-memory"
    case nodeRootDisk = "node-disk"
    case guestCPU = "guest-cpu"
    case guestMemory = "guest-memory"
    case guestDisk = "guest-disk"
    case storageUsage = "storage-usage"
    case nodeOffline = "node-offline"
    case guestStoppedUnexpectedly = "guest-stopped"
    case clusterUnreachable = "cluster-unreachable"
    /// The cluster answers but reports no quorum (`/cluster/status`); a single node without a cluster never does.
    case quorumLost = "quorum-lost"
    /// No successful backup of a guest for `days` days: no vzdump task, no volume on a storage, no
    /// Backup Server snapshot (see `BackupLedger`).
    case backupMissing = "backup-missing"
    /// The firewall's WAN address changed (pfSense); the alert stays firing for an hour after the change.
    case wanAddressChanged = "wan-changed"
    /// A firewall gateway is down (pfSense's dpinger).
    case gatewayDown = "gateway-down"
    /// A firewall gateway's packet loss, percent.
    case gatewayLoss = "gateway-loss"
    /// A DNS filter (Pi-hole, AdGuard Home) is not blocking.
    case dnsBlockingOff = "dns-blocking-off"
    /// A certificate (Nginx Proxy Manager's, an app's) expires within `days` days, or has expired (`days: 0`).
    case certificateExpiry = "certificate-expiry"
    /// An app check fails.
    case appDown = "app-down"

    /// Whether the rule needs `threshold` (a percentage) rather than being a yes/no condition.
    public var isThreshold: Bool {
        switch self {
        case .nodeCPU, .nodeMemory, .nodeRootDisk, .guestCPU, .guestMemory, .guestDisk, .storageUsage, .gatewayLoss: true
        case .nodeOffline, .guestStoppedUnexpectedly, .clusterUnreachable, .quorumLost, .backupMissing, .wanAddressChanged, .gatewayDown,
             .dnsBlockingOff, .certificateExpiry, .appDown: false
        }
    }

    /// Whether the rule watches the homelab services beside Proxmox rather than a cluster.
    public var isIntegration: Bool {
        switch self {
        case .wanAddressChanged, .gatewayDown, .gatewayLoss, .dnsBlockingOff, .certificateExpiry, .appDown: true
        default: false
        }
    }

    /// Whether the rule takes `days` (and which are allowed).
    public var dayRange: ClosedRange<Int>? {
        switch self {
        case .backupMissing: 1...365
        case .certificateExpiry: 0...365
        default: nil
        }
    }

    /// For titles: "memory", "CPU", "root disk".
    public var noun: String {
        switch self {
        case .nodeCPU, .guestCPU: "CPU"
        case .nodeMemory, .guestMemory: "memory"
        case .nodeRootDisk: "root disk"
        case .guestDisk: "disk"
        case .storageUsage: "usage"
        case .nodeOffline: "offline"
        case .guestStoppedUnexpectedly: "stopped unexpectedly"
        case .clusterUnreachable: "unreachable"
        case .quorumLost: "without quorum"
        case .backupMissing: "without a successful backup"
        case .wanAddressChanged: "is the new WAN address"
        case .gatewayDown: "down"
        case .gatewayLoss: "packet loss"
        case .dnsBlockingOff: "not blocking"
        case .certificateExpiry: "certificate expiring"
        case .appDown: "down"
        }
    }
}
