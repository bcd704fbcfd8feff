import Foundation

/// When each guest last had a successful backup, as far as this NexBoard has seen, for the
/// `backup-missing` rule and `backup status`: finished vzdump tasks, and the backups that exist on
/// the cluster's storages and Backup Server (which outlive the task log, and include backups made
/// elsewhere and synced in). A guest never seen backed up counts from when it was first seen, so a
/// fresh install does not flag every guest at once. Saved as JSON in the key-value store.
public struct BackupLedger: Sendable, Hashable, Codable {
    public private(set) var lastSuccess: [Int: Date]
    public private(set) var firstSeen: [Int: Date]

    public init(lastSuccess: [Int: Date] = [:], firstSeen: [Int: Date] = [:]) {
        self.lastSuccess = lastSuccess
        self.firstSeen = firstSeen
    }

    /// Learns from a snapshot: successful vzdump tasks of a guest, the backups it read on the storages,
    /// and guests seen for the first time. Guests that are gone are forgotten.
    public mutating func record(_ snapshot: ClusterSnapshot) {
        for task in snapshot.tasks where task.isBackup && task.isFinished && task.succeeded {
            guard let vmid = Int(task.id), let end = task.endTime else { continue }
            record(backupOf: vmid, at: end)
        }
        record(stored: snapshot.storedBackups ?? [:])
        let present = Set(snapshot.guests.map(\.vmid))
        for vmid in present where firstSeen[vmid] == nil { firstSeen[vmid] = snapshot.takenAt }
        firstSeen = firstSeen.filter { present.contains($0.key) }
        lastSuccess = lastSuccess.filter { present.contains($0.key) }
    }

    /// Learns from the backups that exist: the newest backup time of each guest (VMID), from its
    /// volumes on every storage and its Backup Server snapshots.
    public mutating func record(stored newest: [Int: Date]) {
        for (vmid, time) in newest { record(backupOf: vmid, at: time) }
    }

    private mutating func record(backupOf vmid: Int, at time: Date) {
        if lastSuccess[vmid].map({ $0 < time }) ?? true { lastSuccess[vmid] = time }
    }

    public var encoded: String {
        (try? String(decoding: JSONEncoder().encode(self), as: UTF8.self)) ?? "{}"
    }

    public init?(encoded: String) {
        guard let decoded = try? JSONDecoder().decode(BackupLedger.self, from: Data(encoded.utf8)) else { return nil }
        self = decoded
    }
}
