import Foundation
import NexBoardCore
import Proxmox

/// Every backup of a cluster: the volumes of its PVE storages, and the snapshots of its Proxmox
/// Backup Server when one is configured. A PBS snapshot that a PVE `pbs` storage already lists (same
/// type, VMID and time) shows once, with the verification and protection PBS reports; the others
/// show as on the Backup Server only. A Backup Server that cannot be read leaves the PVE list whole
/// and says why in `problem`. For one guest, PVE and the Backup Server are asked for its backups only.
struct BackupInventory: Sendable {
    var volumes: [StoredVolume]
    /// Why the Backup Server's snapshots are missing, in words for the chat.
    var problem: String?

    static func load(_ cluster: ClusterHandle, of guest: ResolvedGuest? = nil) async throws -> BackupInventory {
        async let pveVolumes = StorageInventory.load(cluster, content: "backup", vmid: guest?.vmid)
        guard let server = cluster.backupServer else { return BackupInventory(volumes: try await pveVolumes) }
        let snapshots: [(store: String, snapshot: BackupServerSnapshot)]
        do {
            snapshots = try await Self.snapshots(on: server, of: guest)
        } catch let error as ProxmoxError {
            return BackupInventory(volumes: try await pveVolumes,
                                   problem: "The Proxmox Backup Server could not be read (\(error.userMessage)); only what PVE lists is shown.")
        }
        var volumes = try await pveVolumes
        var positions: [SnapshotKey: Int] = [:]
        for (index, volume) in volumes.enumerated() where volume.storageType == "pbs" {
            if let key = SnapshotKey(volume.item) { positions[key] = index }
        }
        for (store, snapshot) in snapshots {
            if let key = SnapshotKey(snapshot), let index = positions[key] {
                var item = volumes[index].item
                item.verificationState = snapshot.verificationState
                item.protected = snapshot.protected
                volumes[index] = StoredVolume(item: item, storage: volumes[index].storage, storageType: "pbs", node: volumes[index].node, shared: true)
                continue
            }
            guard let vmid = snapshot.vmid else { continue }
            let stamp = BackupReference.iso8601.format(snapshot.backupTime)
            let item = StorageContentItem(
                volid: "pbs:\(store):backup/\(snapshot.backupType)/\(snapshot.backupID)/\(stamp)", content: "backup",
                format: "pbs-\(snapshot.backupType)", size: snapshot.size, ctime: snapshot.backupTime, vmid: vmid, notes: snapshot.comment,
                protected: snapshot.protected, subtype: snapshot.backupType == "ct" ? "lxc" : "qemu", verificationState: snapshot.verificationState)
            volumes.append(StoredVolume(item: item, storage: "pbs:\(store)", storageType: "pbs", node: "", shared: true, viaPVE: false))
        }
        return BackupInventory(volumes: volumes)
    }

    /// The newest backup of each guest (by VMID), PVE volumes and Backup Server snapshots alike: what
    /// `backup status` and the `backup-missing` alert rule count as a guest's last backup.
    var newestPerGuest: [Int: Date] {
        var newest: [Int: Date] = [:]
        for volume in volumes {
            guard let vmid = volume.item.vmid, let time = volume.item.ctime else { continue }
            if newest[vmid].map({ $0 < time }) ?? true { newest[vmid] = time }
        }
        return newest
    }

    private static func snapshots(on server: BackupServerHandle, of guest: ResolvedGuest?) async throws
        -> [(store: String, snapshot: BackupServerSnapshot)] {
        let only = guest.map { (kind: $0.kind, vmid: $0.vmid) }
        let stores = server.datastores.isEmpty ? try await server.client.backupServerDatastores().map(\.store) : server.datastores
        return try await withThrowingTaskGroup(of: [(store: String, snapshot: BackupServerSnapshot)].self) { group in
            for store in stores {
                group.addTask { try await server.client.backupServerSnapshots(store: store, of: only).map { (store, $0) } }
            }
            var all: [(store: String, snapshot: BackupServerSnapshot)] = []
            for try await part in group { all += part }
            return all
        }
    }

    /// What a Backup Server snapshot and the PVE volume that lists it share: PVE's `pbs` storage
    /// lists a snapshot with `vmid` = its backup-id, `ctime` = its backup-time and `format`
    /// `pbs-<backup-type>` (and names it `<storage>:backup/<type>/<id>/<time as ISO 8601>`).
    /// Numbers, not that name: at 20,000 snapshots, searching names and formatting times took a
    /// tenth of `backup list`.
    private struct SnapshotKey: Hashable {
        let container: Bool
        let vmid: Int
        let time: Int64

        init?(_ item: StorageContentItem) {
            guard let vmid = item.vmid, let time = item.ctime, item.format == "pbs-vm" || item.format == "pbs-ct" else { return nil }
            self.init(container: item.format == "pbs-ct", vmid: vmid, time: time)
        }

        init?(_ snapshot: BackupServerSnapshot) {
            guard let vmid = snapshot.vmid else { return nil }
            self.init(container: snapshot.backupType == "ct", vmid: vmid, time: snapshot.backupTime)
        }

        private init(container: Bool, vmid: Int, time: Date) {
            self.container = container
            self.vmid = vmid
            self.time = Int64(time.timeIntervalSince1970.rounded(.down))
        }
    }
}
