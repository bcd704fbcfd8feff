import NexBoardCore
import Proxmox

/// `backup protect <guest> <backup> [--off]` and `backup notes <guest> <backup> <text>`: change a
/// backup's protection or notes through the storage content API.
struct BackupEditHandler: CommandHandler {
    enum Edit: Sendable {
        case protection, notes
    }

    let edit: Edit
    var command: String { edit == .protection ? "backup protect" : "backup notes" }

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let guest = try await context.authorizedGuest(on: cluster)
        let volumes = try await StorageInventory.load(cluster, content: "backup", vmid: guest.vmid)
        let backup = try BackupReference.resolve(context.command.text("backup") ?? "", among: volumes, guest: guest)
        let reference = BackupReference.reference(of: backup)
        switch edit {
        case .protection:
            let protect = !context.command.flag("off")
            try await cluster.client.updateBackup(node: backup.node, volid: backup.item.volid, protected: protect)
            return Message(title: protect ? "Backup \(reference) of \(guest.label) is protected"
                                          : "Backup \(reference) of \(guest.label) is no longer protected",
                           text: protect ? "Pruning and removal leave it alone until `backup protect \(guest.vmid) \(reference) --off`." : nil,
                           severity: .success)
        case .notes:
            let text = context.command.text("text") ?? ""
            try await cluster.client.updateBackup(node: backup.node, volid: backup.item.volid, notes: text)
            return Message(title: "Notes of backup \(reference) of \(guest.label) updated", text: Markup.literal(text), severity: .success)
        }
    }
}
