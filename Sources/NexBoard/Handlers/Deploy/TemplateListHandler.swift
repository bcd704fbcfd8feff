import NexBoardCore
import Proxmox

/// `template list [--available]`: VM templates and container templates on every storage; with
/// `--available`, the appliance templates Proxmox can download.
struct TemplateListHandler: CommandHandler {
    let command = "template list"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        if context.command.flag("available") {
            let node = try await DeployPlacement.firstOnlineNode(cluster)
            let appliances = try await cluster.client.applianceTemplates(node: node).sorted { $0.package < $1.package }
            return Message(title: "Appliance templates to download on \(cluster.name)",
                           table: Table(headers: ["name", "version", "description"],
                                        rows: appliances.map { [$0.package, $0.version ?? "", $0.headline ?? ""] }),
                           footer: "`template download <name>` fetches one (needs template.download)", severity: .info)
        }
        async let containerTemplates = StorageInventory.load(cluster, content: "vztmpl")
        let vmTemplates = GuestResolver.guests(in: try await cluster.client.clusterResources(type: .vm), cluster: cluster.name)
            .filter { $0.resource.template }.sorted { $0.vmid < $1.vmid }
        var rows = vmTemplates.map { ["vm", "\($0.vmid) \($0.name)", $0.node, Format.bytes($0.resource.maxdisk)] }
        rows += try await containerTemplates.sorted { $0.item.volid < $1.item.volid }.map { volume in
            ["ct", DeployPlacement.fileName(of: volume.item.volid), volume.shared ? "\(volume.storage) (shared)" : "\(volume.storage) on \(volume.node)",
             Format.bytes(volume.item.size)]
        }
        guard !rows.isEmpty else {
            return Message(title: "Templates on \(cluster.name)", text: "No templates. `template list --available` shows what can be downloaded.",
                           severity: .warning)
        }
        return Message(title: "Templates on \(cluster.name)",
                       table: Table(headers: ["kind", "template", "where", "size"], rows: rows, alignments: [.left, .left, .left, .right]),
                       footer: "`deploy vm <template> --name …` clones a VM template; `deploy ct <template> --name …` creates a container",
                       severity: .info)
    }
}
