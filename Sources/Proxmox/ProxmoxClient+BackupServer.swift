/// Proxmox Backup Server calls. A client made with `.backupServerToken` auth talks to a PBS: it shares
/// the transport, deadlines, logging and metrics of the PVE client (the two APIs are one family).
extension ProxmoxClient {
    /// `GET /status/datastore-usage`: every datastore with its size and use.
    public func backupServerDatastores() async throws -> [BackupServerDatastore] {
        try await request(.backupServerUsage, as: [BackupServerDatastore].self)
    }

    /// `GET /admin/datastore/{store}/snapshots`: all of them, or those of one guest.
    public func backupServerSnapshots(store: String, of guest: (kind: GuestKind, vmid: Int)? = nil) async throws -> [BackupServerSnapshot] {
        let group = guest.map { (type: $0.kind == .lxc ? "ct" : "vm", id: String($0.vmid)) }
        return try await request(.backupServerSnapshots(store: store, group: group), decode: BackupServerSnapshot.list(fromAnswer:))
    }

    /// `GET /admin/gc`: the last garbage collection of each datastore.
    public func backupServerGarbageCollections() async throws -> [BackupServerJob] {
        try await request(.backupServerGarbageCollection, as: [BackupServerJob].self)
    }

    /// `GET /admin/verify` or `/admin/prune`: the jobs with their last result.
    public func backupServerJobs(_ kind: BackupServerJob.Kind) async throws -> [BackupServerJob] {
        try await request(.backupServerJobs(kind: kind), as: [BackupServerJob].self)
    }
}
