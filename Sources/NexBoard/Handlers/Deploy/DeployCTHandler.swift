import NexBoardCore
import Proxmox

/// `deploy ct <template> --name N [--node] [--preset] …`: creates a container from a container template
/// on the target node's storages (unprivileged unless `--privileged`), and starts it if asked.
struct DeployCTHandler: CommandHandler {
    let command = "deploy ct"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let name = try DeployPlacement.name(context)
        let preset = try DeployPlacement.preset(context)
        let node = try await DeployPlacement.node(context, cluster: cluster)
        let wanted = context.command.text("template") ?? ""
        let templates = try await StorageInventory.load(cluster, content: "vztmpl").filter { $0.shared || $0.node == node }
        guard let template = Self.template(wanted, among: templates) else {
            let files = templates.map { DeployPlacement.fileName(of: $0.item.volid) }
            let hint = Suggestions.didYouMean(Suggestions.closest(to: wanted, in: files))
            throw InvalidRequest(userMessage: "There is no container template `\(wanted)` on \(node).\(hint) "
                                 + "`template list` shows the downloaded ones; `template download \(wanted)` fetches an appliance.")
        }
        let storage = context.command.text("storage") ?? preset.storage ?? "local-lvm"
        let holding = try await StorageInventory.storages(cluster, holding: "rootdir").compactMap(\.storage)
        guard holding.contains(storage) else {
            throw InvalidRequest(userMessage: "Storage `\(storage)` cannot hold container volumes. Storages that can: "
                                 + holding.map { "`\($0)`" }.joined(separator: ", ") + ".")
        }
        let ip = context.command.text("ip") ?? "dhcp"
        guard ip.lowercased() == "dhcp" || DeployVMHandler.isCIDR(ip) else {
            throw InvalidRequest(userMessage: "`\(ip)` is not an IPv4 address with a prefix length (192.168.1.20/24) or `dhcp`.")
        }
        let vmid = try await BackupRestoreHandler.newVMID(context.command.integer("vmid"), cluster: cluster)
        let tags = try DeployPlacement.scopeTags(context, cluster: cluster.name, vmid: vmid, name: name, node: node, pool: nil)
        let label = "CT \(vmid) (\(name))"
        await context.notes.set(target: "\(label) from \(DeployPlacement.fileName(of: template.item.volid))", cluster: cluster.name)
        let start = context.command.flag("start")
        let options = ContainerOptions(
            vmid: vmid, hostname: name, template: template.item.volid, cores: context.command.integer("cores") ?? preset.cores ?? 1,
            memoryMiB: context.command.integer("memory") ?? preset.memoryMiB ?? 512, rootSizeGiB: context.command.integer("disk") ?? preset.diskGiB ?? 8,
            rootStorage: storage, bridge: context.command.text("bridge") ?? preset.bridge ?? "vmbr0", ip: ip.lowercased() == "dhcp" ? "dhcp" : ip,
            gateway: context.command.text("gateway"), sshPublicKey: context.command.text("sshkey"),
            unprivileged: !context.command.flag("privileged"), tags: tags, start: start)
        let upid = try await cluster.client.createContainer(node: node, options: options)
        let footer = "cluster \(cluster.name) · node \(node) · task \(upid.description)"
        switch try await context.follow(upid, on: cluster, title: "Creating \(label) on \(node)…") {
        case .stillRunning:
            return Message(title: "Creating \(label) is still running", text: "`tasks` shows when it ends.", footer: footer, severity: .warning)
        case .failed(let status, let log):
            let exists = (try? await cluster.client.clusterResources(type: .vm).contains { $0.vmid == vmid }) ?? true
            return Message(title: "Creating \(label) failed",
                           text: "Task ended: \(Markup.literal(status.exitStatus ?? "unknown")). "
                               + (exists ? DeployPlacement.leftover(label, vmid: vmid, kind: .lxc) : "Nothing was created."),
                           code: log.joined(separator: "\n"), footer: footer, severity: .error)
        case .succeeded:
            var fields: [Message.Field] = [.init("Template", DeployPlacement.fileName(of: template.item.volid)), .init("Node", node),
                                           .init("Root disk", "\(options.rootSizeGiB) GiB on \(storage)"),
                                           .init("Network", "\(options.bridge), \(options.ip)")]
            if !tags.isEmpty { fields.append(.init("Tags", tags.joined(separator: ", "))) }
            return Message(title: "\(label) created" + (start ? " and started" : ""), fields: fields,
                           buttons: [Button("Show \(name)", command: "vm show \(vmid)")] + (start ? [] : [Button("Start", command: "vm start \(vmid)")]),
                           footer: footer, severity: .success)
        }
    }

    /// The template whose file name is `text` or starts with it (`debian-12-standard`); the newest version when several do.
    static func template(_ text: String, among volumes: [StoredVolume]) -> StoredVolume? {
        guard !text.isEmpty else { return nil }
        if let exact = volumes.first(where: { $0.item.volid == text || DeployPlacement.fileName(of: $0.item.volid) == text }) { return exact }
        return volumes.filter { DeployPlacement.fileName(of: $0.item.volid).hasPrefix(text) }.max { $0.item.volid < $1.item.volid }
    }
}
