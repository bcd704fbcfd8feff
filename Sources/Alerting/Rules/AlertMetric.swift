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
    /// No successful backup (vzdump) of a guest for `days` days.
    case backupMissing = "backup-missing"

    /// Whether the rule needs `threshold` (a percentage) rather than being a yes/no condition.
    public var isThreshold: Bool {
        switch self {
        case .nodeCPU, .nodeMemory, .nodeRootDisk, .guestCPU, .guestMemory, .guestDisk, .storageUsage: true
        case .nodeOffline, .guestStoppedUnexpectedly, .clusterUnreachable, .quorumLost, .backupMissing: false
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
        }
    }
}
