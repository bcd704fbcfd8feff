import Foundation
import NexBoardCore

/// Something that happened in a cluster between two polls, or a task that finished since the last one.
public struct ClusterEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        case guestStarted(vmid: Int)
        /// `expected` is false when no stop or shutdown task explains it (a crash, an OOM kill).
        case guestStopped(vmid: Int, expected: Bool)
        case guestMigrated(vmid: Int, from: String, to: String)
        case guestCreated(vmid: Int)
        case guestRemoved(vmid: Int)
        case nodeOffline(node: String)
        case nodeOnline(node: String)
        case quorumLost
        case quorumRegained
        case taskFailed(upid: String, type: String, status: String)
        case backupFinished(upid: String, vmid: String, ok: Bool, status: String)

        /// A stable short name for subscriptions and filters (`guest-stopped`, `task-failed`...).
        public var name: String {
            switch self {
            case .guestStarted: "guest-started"
            case .guestStopped: "guest-stopped"
            case .guestMigrated: "guest-migrated"
            case .guestCreated: "guest-created"
            case .guestRemoved: "guest-removed"
            case .nodeOffline: "node-offline"
            case .nodeOnline: "node-online"
            case .quorumLost: "quorum-lost"
            case .quorumRegained: "quorum-regained"
            case .taskFailed: "task-failed"
            case .backupFinished(_, _, let ok, _): ok ? "backup-ok" : "backup-failed"
            }
        }

        /// Every name `name` can return.
        public static let allNames = [
            "guest-started", "guest-stopped", "guest-migrated", "guest-created", "guest-removed", "node-offline",
            "node-online", "quorum-lost", "quorum-regained", "task-failed", "backup-ok", "backup-failed",
        ]
    }

    public var cluster: String
    public var kind: Kind
    public var time: Date
    /// The node concerned, when there is one.
    public var node: String?
    /// One line for humans: "VM 101 (web01) stopped unexpectedly on pve1".
    public var text: String
    public var severity: AlertSeverity
    /// Tags of the guest concerned, for subscription filters and mutes.
    public var tags: [String]
    /// What it is about, for scoped permissions; nil: the whole cluster.
    public var concern: Concern?

    public init(cluster: String, kind: Kind, time: Date, node: String?, text: String, severity: AlertSeverity, tags: [String] = [],
                concern: Concern? = nil) {
        self.cluster = cluster
        self.kind = kind
        self.time = time
        self.node = node
        self.text = text
        self.severity = severity
        self.tags = tags
        self.concern = concern
    }

    /// Stable identity of this occurrence, used as the outbox dedupe key's base.
    public var key: String {
        let millis = Int64((time.timeIntervalSince1970 * 1000).rounded())
        return switch kind {
        case .taskFailed(let upid, _, _), .backupFinished(let upid, _, _, _): "event:\(cluster):\(upid)"
        default: "event:\(cluster):\(kind.name):\(node ?? ""):\(subjectID):\(millis)"
        }
    }

    private var subjectID: String {
        switch kind {
        case .guestStarted(let vmid), .guestStopped(let vmid, _), .guestMigrated(let vmid, _, _), .guestCreated(let vmid),
             .guestRemoved(let vmid): "\(vmid)"
        default: ""
        }
    }
}
