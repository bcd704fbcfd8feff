import Alerting
import Foundation
import NexBoardCore
import Proxmox

/// `backup status [--days N]`: the guests whose newest backup is older than N days (or that have
/// none), and the backup jobs with their schedule, next run and last result.
///
/// A guest's last backup is what the `backup-missing` alert rule's ledger holds (successful backup
/// tasks, volumes and Backup Server snapshots seen by its polls), updated with the backups that exist
/// now: the same data through the same function (`BackupLedger.record(stored:)`), so this list and
/// that rule agree.
struct BackupStatusHandler: CommandHandler {
    let command = "backup status"
    static let defaultDays = 7

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let days = context.command.integer("days") ?? Self.defaultDays
        guard days > 0 else { throw InvalidRequest(userMessage: "`--days` must be 1 or more.") }
        async let inventoryRequest = BackupInventory.load(cluster)
        async let jobsRequest = cluster.client.backupJobs()
        async let tasksRequest = cluster.client.clusterTasks()
        let guests = context.visibleGuests(in: try await cluster.client.clusterResources(type: .vm), cluster: cluster.name)
            .filter { !$0.resource.template }
        var ledger = (try? await context.services.alertCenter?.backupLedger(of: cluster.name)) ?? BackupLedger()
        let inventory = try await inventoryRequest
        ledger.record(stored: inventory.newestPerGuest)
        let newest = ledger.lastSuccess
        let now = context.now
        let limit = now.addingTimeInterval(-Double(days) * 86_400)
        let missing = guests.filter { newest[$0.vmid].map { $0 < limit } ?? true }.sorted { $0.vmid < $1.vmid }
        let jobs = try await jobsRequest
        let tasks = try await tasksRequest.filter { $0.type == "vzdump" && !$0.isRunning }
        let byVMID = Dictionary(guests.map { ($0.vmid, $0) }, uniquingKeysWith: { first, _ in first })
        let jobRows = jobs.map { job -> [String] in
            let last = tasks.filter { task in
                guard let id = task.id.flatMap({ Int($0) }) else { return job.all || job.pool != nil }
                let guest = byVMID[id]
                return job.covers(vmid: id, node: guest?.node ?? task.node, pool: guest?.resource.pool)
            }.max { $0.startTime < $1.startTime }
            let result = last.map { ($0.succeeded == true ? "OK" : ($0.status ?? "failed")) + " (\(Format.ago($0.endTime, now: now)))" } ?? "never ran"
            return [job.comment ?? job.id, job.enabled ? (job.schedule ?? "?") : "disabled", job.storage ?? "default",
                    job.nextRun.map { Format.time($0) } ?? "—", result]
        }
        let rows = missing.prefix(50).map { guest in
            [String(guest.vmid), guest.name, guest.node, newest[guest.vmid].map { Format.ago($0, now: now) } ?? "never"]
        }
        var text = missing.isEmpty
            ? "Every guest has a backup from the last \(days) day(s)."
            : "\(missing.count) of \(guests.count) guest(s) have no backup from the last \(days) day(s)."
        if missing.count > 50 { text += " The first 50 are listed." }
        if let problem = inventory.problem { text += " \(problem)" }
        let jobTable = jobRows.isEmpty ? "No backup jobs are scheduled."
            : TextRenderer.renderTable(Table(headers: ["job", "schedule", "storage", "next run", "last result"], rows: jobRows))
        let failing = jobRows.filter { !$0[4].hasPrefix("OK") && $0[4] != "never ran" }
        var serverReport = ""
        if let server = cluster.backupServer { serverReport = await Self.backupServerReport(server, now: now) }
        return Message(
            title: "Backup status of \(cluster.name)", text: text,
            table: missing.isEmpty ? nil : Table(headers: ["vmid", "name", "node", "last backup"], rows: rows,
                                                 alignments: [.right, .left, .left, .right]),
            code: "Backup jobs\n" + jobTable + serverReport,
            buttons: missing.first.map { [Button("Back up \($0.name)", command: "backup run \($0.vmid)")] } ?? [],
            footer: "\(jobs.count) job(s)" + (failing.isEmpty ? "" : " · \(failing.count) with a failed last run"),
            severity: missing.isEmpty && failing.isEmpty ? .success : .warning)
    }

    /// Datastores, the last garbage collection and the verify and prune jobs of the Backup Server.
    static func backupServerReport(_ server: BackupServerHandle, now: Date) async -> String {
        async let datastores = server.client.backupServerDatastores()
        async let collections = server.client.backupServerGarbageCollections()
        async let verifies = server.client.backupServerJobs(.verify)
        async let prunes = server.client.backupServerJobs(.prune)
        do {
            let stores = try await datastores.filter { server.datastores.isEmpty || server.datastores.contains($0.store) }
            var rows = stores.map { ["datastore \($0.store)", Format.usage($0.used, $0.total), $0.estimatedFull.map { "full by \(Format.time($0))" } ?? ""] }
            let jobs = try await collections.map { ("garbage collection", $0) } + verifies.map { ("verify", $0) } + prunes.map { ("prune", $0) }
            rows += jobs.filter { server.datastores.isEmpty || server.datastores.contains($0.1.store) }.map { kind, job in
                ["\(kind) \(job.store)", job.lastRunState.map { "\($0) (\(Format.ago(job.lastRunEnd, now: now)))" } ?? "never ran",
                 job.nextRun.map { "next \(Format.time($0))" } ?? ""]
            }
            return "\n\nProxmox Backup Server\n" + TextRenderer.renderTable(Table(headers: ["what", "state", "when"], rows: rows))
        } catch {
            return "\n\nProxmox Backup Server: could not be read (\((error as? ProxmoxError)?.userMessage ?? "unknown error"))."
        }
    }
}
