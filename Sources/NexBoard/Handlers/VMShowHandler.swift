import NexBoardCore
import Proxmox

/// `vm show <guest>`: state, usage and configuration of one guest.
struct VMShowHandler: CommandHandler {
    let command = "vm show"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let guest = try await context.authorizedGuest(on: cluster)
        async let statusRequest = cluster.client.guestStatus(node: guest.node, kind: guest.kind, vmid: guest.vmid)
        async let configRequest = cluster.client.guestConfig(node: guest.node, kind: guest.kind, vmid: guest.vmid)
        let status = try await statusRequest
        let config = try await configRequest
        let running = status.status == .running
        var fields: [Message.Field] = [
            .init("Status", status.status.description + (status.lock.map { " (locked: \($0))" } ?? "")),
            .init("Node", guest.node),
            .init("Type", guest.kind == .qemu ? "virtual machine" : "container"),
            .init("CPU", running ? "\(Format.percent(status.cpu)) of \(String(format: "%g", status.cpus)) cores" : "–"),
            .init("Memory", running ? Format.usage(status.mem, status.maxmem) : Format.bytes(status.maxmem)),
            .init("Disk", Format.bytes(status.maxdisk)),
            .init("Uptime", running ? Format.uptime(status.uptime) : "–"),
        ]
        if let pool = guest.resource.pool { fields.append(.init("Pool", pool)) }
        if !config.tags.isEmpty { fields.append(.init("Tags", config.tags.joined(separator: ", "))) }
        fields.append(.init("Start at boot", config.onboot ? "yes" : "no"))
        if guest.resource.template { fields.append(.init("Template", "yes")) }
        var buttons: [Button] = []
        if context.policy.check(.guestPower, subjects: context.request.subjects, guest: guest.target).isAllowed {
            if running {
                buttons = [Button("Shutdown", command: "vm shutdown \(guest.vmid)"),
                           Button("Reboot", command: "vm reboot \(guest.vmid)"),
                           Button("Stop", command: "vm stop \(guest.vmid)", style: .danger)]
            } else if !guest.resource.template {
                buttons = [Button("Start", command: "vm start \(guest.vmid)", style: .success)]
            }
        }
        return Message(title: guest.label, text: config.description.map { Markup.literal(String($0.prefix(300))) }, fields: fields,
                       buttons: buttons, footer: "cluster \(cluster.name)",
                       severity: running ? .success : .info)
    }
}
