import Foundation
import NexBoardCore
import Proxmox

/// `backup run <guest> [--storage] [--mode] [--protected] [--notes]`: starts vzdump for the guest and
/// edits the reply with its progress until it ends, then says how big the backup is and how long it took.
struct BackupRunHandler: CommandHandler {
    let command = "backup run"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let guest = try await context.authorizedGuest(on: cluster)
        let storage = try await Self.storage(context.command.text("storage"), for: guest, cluster: cluster)
        let mode = context.command.text("mode").flatMap(BackupOptions.Mode.init(rawValue:)) ?? .snapshot
        let options = BackupOptions(vmid: guest.vmid, storage: storage, mode: mode, compress: "zstd",
                                    notesTemplate: context.command.text("notes") ?? "{{guestname}}",
                                    protected: context.command.flag("protected"))
        let started = context.now
        let upid = try await cluster.client.startBackup(node: guest.node, options: options)
        let outcome = try await context.follow(upid, on: cluster, title: "Backing up \(guest.label) to \(storage)…") {
            $0.hasPrefix("INFO:") && $0.contains("%")
        }
        let footer = "cluster \(cluster.name) · node \(guest.node) · task \(upid.description)"
        switch outcome {
        case .stillRunning:
            return Message(title: "Backup of \(guest.label) is still running",
                           text: "Its task goes on in Proxmox; `tasks` shows when it ends.", footer: footer, severity: .warning)
        case .failed(let status, let log):
            return Message(title: "Backup of \(guest.label) failed",
                           text: "Task ended: \(Markup.literal(status.exitStatus ?? "unknown")). No new backup was written.",
                           code: log.joined(separator: "\n"), footer: footer, severity: .error)
        case .succeeded:
            let elapsed = max(0, context.now.timeIntervalSince(started))
            let newest = try? await StorageInventory.load(cluster, content: "backup", onlyStorage: storage)
                .filter { $0.item.vmid == guest.vmid && ($0.shared || $0.node == guest.node) }
                .max { ($0.item.ctime ?? .distantPast) < ($1.item.ctime ?? .distantPast) }
            var fields: [Message.Field] = [.init("Storage", storage), .init("Duration", String(format: "%.1f s", elapsed))]
            if let newest {
                fields.insert(.init("Size", Format.bytes(newest.item.size)), at: 1)
                fields.append(.init("Backup", BackupReference.reference(of: newest), inline: false))
            }
            return Message(title: "\(guest.label) backed up", fields: fields,
                           buttons: [Button("Backups of \(guest.name)", command: "backup list \(guest.vmid)")],
                           footer: footer, severity: .success)
        }
    }

    /// The storage asked for, checked to hold backups; else the storage of a backup job that covers
    /// the guest; else the first backup storage.
    static func storage(_ asked: String?, for guest: ResolvedGuest, cluster: ClusterHandle) async throws -> String {
        let backupStorages = try await StorageInventory.storages(cluster, holding: "backup").compactMap(\.storage)
        if let asked {
            if backupStorages.contains(asked) { return asked }
            let all = try await cluster.client.clusterResources(type: .storage).compactMap(\.storage)
            let known = all.contains(asked)
            let hint = known ? "" : Suggestions.didYouMean(Suggestions.closest(to: asked, in: Set(all)))
            throw InvalidRequest(userMessage: (known ? "Storage `\(asked)` does not hold backups." : "There is no storage `\(asked)`.\(hint)")
                                 + " Backup storages: \(backupStorages.map { "`\($0)`" }.joined(separator: ", ")).")
        }
        let jobs = (try? await cluster.client.backupJobs()) ?? []
        if let job = jobs.first(where: { $0.enabled && $0.covers(vmid: guest.vmid, node: guest.node, pool: guest.resource.pool) }),
           let storage = job.storage, backupStorages.contains(storage) {
            return storage
        }
        guard let first = backupStorages.first(where: { $0 == "local" }) ?? backupStorages.first else {
            throw InvalidRequest(userMessage: "No storage on \(cluster.name) holds backups.")
        }
        return first
    }
}
