import NexBoardCore
import Proxmox

/// `deploy vm <template> --name N [--node] [--preset] …`: clones a VM template (full unless `--linked`),
/// sets cores, memory, tags and cloud-init (user, SSH key, IP) on the clone, and starts it if asked.
/// Each step is followed; a step that fails says what exists and how to remove it.
struct DeployVMHandler: CommandHandler {
    let command = "deploy vm"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let name = try DeployPlacement.name(context)
        let preset = try DeployPlacement.preset(context)
        let templates = GuestResolver.guests(in: try await cluster.client.clusterResources(type: .vm), cluster: cluster.name)
            .filter { $0.resource.template && $0.kind == .qemu }
        let template = try Self.template(context.command.text("template") ?? "", among: templates)
        var node = template.node
        if let asked = context.command.text("node") { node = try await NodeResolver.resolve(asked, cluster: cluster) }
        let vmid = try await BackupRestoreHandler.newVMID(context.command.integer("vmid"), cluster: cluster)
        let tags = try DeployPlacement.scopeTags(context, cluster: cluster.name, vmid: vmid, name: name, node: node, pool: template.resource.pool)
        let label = "VM \(vmid) (\(name))"
        await context.notes.set(target: "\(label) from \(template.label)", cluster: cluster.name)
        let linked = context.command.flag("linked")
        let storage = context.command.text("storage") ?? preset.storage
        if linked, storage != nil {
            throw InvalidRequest(userMessage: "A linked clone keeps its disks on the template's storage; leave out `--storage` or `--linked`.")
        }
        let clone = CloneOptions(newID: vmid, name: name, targetNode: node == template.node ? nil : node, full: !linked, storage: storage)
        let upid = try await cluster.client.cloneVM(node: template.node, vmid: template.vmid, options: clone)
        let footer = "cluster \(cluster.name) · node \(node)"
        switch try await context.follow(upid, on: cluster, title: "Cloning \(template.label) to \(label) on \(node)…") {
        case .stillRunning:
            return Message(title: "Cloning to \(label) is still running",
                           text: "Configure and start it once `tasks` shows the clone ended.", footer: footer, severity: .warning)
        case .failed(let status, let log):
            let exists = (try? await cluster.client.clusterResources(type: .vm).contains { $0.vmid == vmid }) ?? true
            return Message(title: "Cloning \(template.label) failed",
                           text: "Task ended: \(Markup.literal(status.exitStatus ?? "unknown")). "
                               + (exists ? DeployPlacement.leftover(label, vmid: vmid, kind: .qemu) : "Nothing was created."),
                           code: log.joined(separator: "\n"), footer: footer, severity: .error)
        case .succeeded:
            break
        }
        var settings: [(String, String)] = []
        if let cores = context.command.integer("cores") ?? preset.cores { settings.append(("cores", String(cores))) }
        if let memory = context.command.integer("memory") ?? preset.memoryMiB { settings.append(("memory", String(memory))) }
        if !tags.isEmpty { settings.append(("tags", tags.joined(separator: ";"))) }
        if let user = context.command.text("user") { settings.append(("ciuser", user)) }
        if let key = context.command.text("sshkey") { settings.append(("sshkeys", key)) }
        let ip = try Self.ipConfig(context)
        if let ip { settings.append(("ipconfig0", ip)) }
        if !settings.isEmpty {
            do {
                if let configUPID = try await cluster.client.configureGuest(node: node, kind: .qemu, vmid: vmid, settings: settings),
                   case .failed(let status, _) = try await context.follow(configUPID, on: cluster, title: "Configuring \(label)…") {
                    throw ProxmoxError.taskFailed(upid: configUPID, exitStatus: status.exitStatus ?? "unknown")
                }
            } catch let error as ProxmoxError {
                return Message(title: "\(label) was cloned but not configured",
                               text: "\(error.userMessage) \(DeployPlacement.leftover(label, vmid: vmid, kind: .qemu))",
                               footer: footer, severity: .error)
            }
        }
        if context.command.flag("start") {
            let start = try await cluster.client.powerAction(.start, node: node, kind: .qemu, vmid: vmid)
            if case .failed(let status, _) = try await context.follow(start, on: cluster, title: "Starting \(label)…") {
                return Message(title: "\(label) was created but did not start",
                               text: "Task ended: \(Markup.literal(status.exitStatus ?? "unknown")). `vm start \(vmid)` tries again.",
                               footer: footer, severity: .warning)
            }
        }
        var fields: [Message.Field] = [.init("From", template.label), .init("Node", node), .init("Clone", linked ? "linked" : "full")]
        if !tags.isEmpty { fields.append(.init("Tags", tags.joined(separator: ", "))) }
        return Message(title: "\(label) deployed" + (context.command.flag("start") ? " and started" : ""), fields: fields,
                       buttons: [Button("Show \(name)", command: "vm show \(vmid)")] + (context.command.flag("start") ? [] : [Button("Start", command: "vm start \(vmid)")]),
                       footer: footer, severity: .success)
    }

    /// A VM template by VMID or name, with suggestions. Templates are shown whole (like storages): anyone
    /// who may deploy may see what they deploy from.
    static func template(_ text: String, among templates: [ResolvedGuest]) throws -> ResolvedGuest {
        if let found = templates.first(where: { String($0.vmid) == text || $0.name.lowercased() == text.lowercased() }) { return found }
        let hint = Suggestions.didYouMean(Suggestions.closest(to: text, in: templates.map(\.name)))
        throw InvalidRequest(userMessage: "There is no VM template `\(text)`.\(hint) `template list` shows them.")
    }

    /// cloud-init's `ipconfig0`: `ip=dhcp`, or `ip=A/N[,gw=G]`.
    static func ipConfig(_ context: CommandContext) throws -> String? {
        guard let ip = context.command.text("ip") else { return nil }
        if ip.lowercased() == "dhcp" { return "ip=dhcp" }
        guard Self.isCIDR(ip) else { throw InvalidRequest(userMessage: "`\(ip)` is not an IPv4 address with a prefix length (192.168.1.20/24) or `dhcp`.") }
        return "ip=\(ip)" + (context.command.text("gateway").map { ",gw=\($0)" } ?? "")
    }

    static func isCIDR(_ text: String) -> Bool {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix) else { return false }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
    }
}
