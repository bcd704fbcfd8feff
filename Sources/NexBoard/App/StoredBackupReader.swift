import Foundation
import Logging

/// Reads, for a cluster's alert poller, the backups that exist on its storages and Backup Server
/// (`BackupInventory`, as `backup status` reads them), so the `backup-missing` rule counts them too.
///
/// At most once per `interval`: the rule counts in days, backups appear once a day or so, and
/// listing every storage and the Backup Server on every 15-second poll would load them for nothing
/// (the poll's vzdump tasks still count at once). A read that fails waits for the next interval as
/// well, and leaves the ledger as it was.
actor StoredBackupReader {
    /// How often the storages are read.
    static let interval: TimeInterval = 15 * 60

    private let cluster: ClusterHandle
    private let logger: Logger
    private var lastRead: Date?

    init(cluster: ClusterHandle, logger: Logger) {
        self.cluster = cluster
        self.logger = logger
    }

    /// The newest backup of each guest, or nil when the last read is more recent than `interval`
    /// (or this one failed). A clock set back reads again.
    func read(at now: Date) async -> [Int: Date]? {
        if let lastRead, now.timeIntervalSince(lastRead) < Self.interval, now >= lastRead { return nil }
        lastRead = now
        do {
            return try await BackupInventory.load(cluster).newestPerGuest
        } catch {
            logger.warning("Could not read the backups on the storages", metadata: ["cluster": "\(cluster.name)", "error": "\(error)"])
            return nil
        }
    }
}
