/// Proxmox Backup Server calls. A client made with `.backupServerToken` auth talks to a PBS: it shares
/// the transport, deadlines, logging and metrics of the PVE client (the two APIs are one family).
extension ProxmoxClient {
    /// `GET /status/datastore-usage`: every datastore with its size and use.
    public func backupServerDatastores() async throws -> [BackupServerDatastore] {
        try await request(.backupServerUsage, as: [BackupServerDatastore].self)
    }

    /// `GET /admin/datastore/{store}/snapshots`.
    public func backupServerSnapshots(store: String) async throws -> [BackupServerSnapshot] {
        try await request(.backupServerSnapshots(store: store), decode: BackupServerSnapshot.list(fromAnswer:))
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
