import Foundation
import NexBoardCore

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
    /// and guests seen for the first time. Guests that are gone are forgotten. Returns false when
    /// nothing changed (at 10,000 guests, most polls change nothing, and nothing need be saved);
    /// true when something may have.
    @discardableResult
    public mutating func record(_ snapshot: ClusterSnapshot) -> Bool {
        var changed = false
        for task in snapshot.tasks where task.isBackup && task.isFinished && task.succeeded {
            guard let vmid = Int(task.id), let end = task.endTime else { continue }
            changed = record(backupOf: vmid, at: end) || changed
        }
        changed = record(stored: snapshot.storedBackups ?? [:]) || changed
        for guest in snapshot.guests where firstSeen[guest.vmid] == nil {
            firstSeen[guest.vmid] = snapshot.takenAt
            changed = true
        }
        // Every guest present has an entry now (VMIDs are unique in a cluster): more entries than guests means some are gone.
        if firstSeen.count > snapshot.guests.count || lastSuccess.count > snapshot.guests.count
            || lastSuccess.keys.contains(where: { firstSeen[$0] == nil }) {
            let present = Set(snapshot.guests.map(\.vmid))
            let before = (firstSeen.count, lastSuccess.count)
            firstSeen = firstSeen.filter { present.contains($0.key) }
            lastSuccess = lastSuccess.filter { present.contains($0.key) }
            changed = changed || before != (firstSeen.count, lastSuccess.count)
        }
        return changed
    }

    /// Learns from the backups that exist: the newest backup time of each guest (VMID), from its
    /// volumes on every storage and its Backup Server snapshots. Returns whether anything changed.
    @discardableResult
    public mutating func record(stored newest: [Int: Date]) -> Bool {
        var changed = false
        for (vmid, time) in newest { changed = record(backupOf: vmid, at: time) || changed }
        return changed
    }

    private mutating func record(backupOf vmid: Int, at time: Date) -> Bool {
        guard lastSuccess[vmid].map({ $0 < time }) ?? true else { return false }
        lastSuccess[vmid] = time
        return true
    }

    /// The JSON that `init?(encoded:)` reads (the Codable keys; VMIDs as the keys of objects),
    /// written by hand: at 10,000 guests it is saved whenever a backup finishes, and `JSONEncoder`
    /// took several milliseconds of such a poll.
    public var encoded: String {
        var json: [UInt8] = []
        json.reserveCapacity(64 + (lastSuccess.count + firstSeen.count) * 24)
        func append(_ name: String, _ times: [Int: Date]) {
            json.appendJSONString(name)
            json.append(contentsOf: ":{".utf8)
            for (index, entry) in times.enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                json.append(UInt8(ascii: "\""))
                json.appendJSONNumber(entry.key)
                json.append(contentsOf: "\":".utf8)
                json.appendJSONNumber(entry.value.timeIntervalSinceReferenceDate)
            }
            json.append(UInt8(ascii: "}"))
        }
        json.append(UInt8(ascii: "{"))
        append("lastSuccess", lastSuccess)
        json.append(UInt8(ascii: ","))
        append("firstSeen", firstSeen)
        json.append(UInt8(ascii: "}"))
        return String(decoding: json, as: UTF8.self)
    }

    public init?(encoded: String) {
        guard let decoded = try? JSONDecoder().decode(BackupLedger.self, from: Data(encoded.utf8)) else { return nil }
        self = decoded
    }
}
