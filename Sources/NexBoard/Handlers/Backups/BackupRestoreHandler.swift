import Foundation
import NexBoardCore
import Proxmox

/// `backup restore <guest> <backup> [--vmid] [--storage] [--start] [--overwrite]`: restores a backup of
/// the guest to a new VMID (the next free one unless `--vmid`), with new MAC addresses so that it can
/// run beside the original. `--overwrite` replaces the guest itself: the guest must be stopped, and the
/// requester confirms twice.
struct BackupRestoreHandler: CommandHandler {
    let command = "backup restore"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let guest = try await context.authorizedGuest(on: cluster)
        let volumes = try await BackupInventory.load(cluster, of: guest).volumes
        let backup = try BackupReference.resolve(context.command.text("backup") ?? "", among: volumes, guest: guest)
        guard backup.viaPVE else {
            throw InvalidRequest(userMessage: "\(BackupReference.reference(of: backup)) is only on the Proxmox Backup Server; PVE cannot restore it "
                                 + "until its datastore is added as a storage (Datacenter → Storage → Add → Proxmox Backup Server).")
        }
        let reference = BackupReference.reference(of: backup)
        let taken = backup.item.ctime.map { Format.time($0) } ?? "an unknown time"
        if let storage = context.command.text("storage") {
            let holding = try await StorageInventory.storages(cluster, holding: guest.kind == .qemu ? "images" : "rootdir").compactMap(\.storage)
            guard holding.contains(storage) else {
                throw InvalidRequest(userMessage: "Storage `\(storage)` cannot hold \(guest.kind == .qemu ? "VM disks" : "container volumes"). "
                                     + "Storages that can: \(holding.map { "`\($0)`" }.joined(separator: ", ")).")
            }
        }
        let overwrite = context.command.flag("overwrite")
        let vmid: Int
        if overwrite {
            if context.command.integer("vmid").map({ $0 != guest.vmid }) == true {
                throw InvalidRequest(userMessage: "`--overwrite` restores over \(guest.label) itself; leave out `--vmid`.")
            }
            if guest.resource.status != "stopped" {
                throw InvalidRequest(userMessage: "\(guest.label) is \(guest.resource.status ?? "not stopped"). Stop it first: a restore replaces its disks.")
            }
            vmid = guest.vmid
            try context.confirmTwice(
                "Restore \(guest.label) from its backup of \(taken) (\(reference)), replacing its disks and configuration",
                then: "Overwrite \(guest.label) for good? Everything written to it since \(taken) is lost",
                guest: guest)
        } else {
            let kind = guest.kind == .qemu ? "VM" : "CT"
            vmid = try await Self.newVMID(context.command.integer("vmid"), cluster: cluster) { taken in
                context.confirmed ? "\(kind) \(taken) was taken meanwhile; run the restore again. Nothing was restored." : nil
            }
            try context.confirm("Restore the backup of \(guest.label) from \(taken) (\(reference)) as new \(kind) \(vmid) on \(guest.node)",
                                guest: guest, pinning: ["vmid": .integer(vmid), "backup": .text(backup.item.volid)])
        }
        let options = RestoreOptions(kind: guest.kind, vmid: vmid, archive: backup.item.volid, storage: context.command.text("storage"),
                                     unique: !overwrite, overwrite: overwrite, start: context.command.flag("start"))
        let label = "\(guest.kind == .qemu ? "VM" : "CT") \(vmid)"
        let upid = try await cluster.client.restore(node: guest.node, options: options)
        let outcome = try await context.follow(upid, on: cluster, title: "Restoring \(reference) to \(label) on \(guest.node)…") {
            $0.hasPrefix("progress ") || $0.hasPrefix("restoring ") || $0.hasPrefix("Total bytes")
        }
        let footer = "cluster \(cluster.name) · node \(guest.node) · task \(upid.description)"
        switch outcome {
        case .stillRunning:
            return Message(title: "Restore to \(label) is still running",
                           text: "Its task goes on in Proxmox; `tasks` shows when it ends.", footer: footer, severity: .warning)
        case .failed(let status, let log):
            let exists = (try? await cluster.client.clusterResources(type: .vm).contains { $0.vmid == vmid }) ?? true
            let left = overwrite
                ? "\(guest.label) may be left half-restored: check it before starting it, or restore again."
                : exists ? "\(label) exists but is incomplete: remove it in the web UI (More → Remove) or with `qm destroy \(vmid)`."
                         : "Nothing was created."
            return Message(title: "Restore to \(label) failed",
                           text: "Task ended: \(Markup.literal(status.exitStatus ?? "unknown")). \(left)",
                           code: log.joined(separator: "\n"), footer: footer, severity: .error)
        case .succeeded:
            let started = context.command.flag("start") ? " and started" : ""
            return Message(title: overwrite ? "\(guest.label) restored from \(reference)\(started)"
                                            : "\(reference) restored as \(label)\(started)",
                           text: overwrite ? nil : "A copy of \(guest.label) with new MAC addresses; the original is untouched.",
                           buttons: [Button("Show \(label)", command: "vm show \(vmid)")],
                           footer: footer, severity: .success)
        }
    }

    /// The VMID asked for, checked to be free, else the next free one. `whenTaken` words the refusal
    /// of a VMID in use (nil: the usual "is in use").
    static func newVMID(_ asked: Int?, cluster: ClusterHandle, whenTaken: (Int) -> String? = { _ in nil }) async throws -> Int {
        guard let asked else { return try await cluster.client.nextVMID() }
        guard (100...999_999_999).contains(asked) else { throw InvalidRequest(userMessage: "A VMID is a number from 100 to 999999999.") }
        if try await cluster.client.clusterResources(type: .vm).contains(where: { $0.vmid == asked }) {
            throw InvalidRequest(userMessage: whenTaken(asked) ?? "VMID \(asked) is in use. Leave out `--vmid` to take the next free one.")
        }
        return asked
    }
}
