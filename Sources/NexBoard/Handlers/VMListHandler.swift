import NexBoardCore
import Proxmox

/// `vm list [--node] [--tag] [--status] [--type] [--pool]`: the guests the user may see.
struct VMListHandler: CommandHandler {
    let command = "vm list"
    /// Lines shown before the list is cut (chat messages have limits); the footer says how many more.
    static let maximumRows = 60

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        let arguments = context.command
        let node = arguments.text("node")?.lowercased()
        let tag = arguments.text("tag")?.lowercased()
        let status = arguments.text("status")
        let kind: GuestKind? = arguments.text("type").map { $0 == "vm" ? .qemu : .lxc }
        let pool = arguments.text("pool")

        let resources = try await cluster.client.clusterResources(type: .vm)
        let all = context.visibleGuests(in: resources, cluster: cluster.name)
        if let node, !all.contains(where: { $0.node.lowercased() == node }) {
            let nodes = Set(resources.compactMap(\.node))
            if !nodes.contains(where: { $0.lowercased() == node }) {
                throw InvalidRequest(userMessage: "There is no node `\(node)`.\(Suggestions.didYouMean(Suggestions.closest(to: node, in: nodes)))")
            }
        }
        let guests = all.filter { guest in
            (node == nil || guest.node.lowercased() == node)
                && (tag == nil || guest.resource.tags.contains { $0.lowercased() == tag })
                && (status == nil || guest.resource.status == status)
                && (kind == nil || guest.kind == kind)
                && (pool == nil || guest.resource.pool == pool)
        }.sorted { $0.vmid < $1.vmid }

        let filters = [node.map { "node \($0)" }, tag.map { "tag \($0)" }, status, arguments.text("type"), pool.map { "pool \($0)" }]
            .compactMap { $0 }
        let title = "Guests on \(cluster.name)" + (filters.isEmpty ? "" : " (\(filters.joined(separator: ", ")))")
        guard !guests.isEmpty else {
            return Message(title: title, text: "No guest matches.", severity: .info)
        }
        let rows = guests.prefix(Self.maximumRows).map { guest -> [String] in
            let resource = guest.resource
            return [
                String(guest.vmid), guest.name, guest.kind == .qemu ? "vm" : "ct", guest.node,
                (resource.status ?? "?") + (resource.template ? " (template)" : ""),
                resource.status == "running" ? Format.percent(resource.cpu) : "–",
                resource.status == "running" ? Format.percent(Format.ratio(resource.mem, resource.maxmem)) : "–",
                resource.tags.joined(separator: ","),
            ]
        }
        let running = guests.filter { $0.resource.status == "running" }.count
        var footer = "\(guests.count) guests, \(running) running"
        if guests.count > Self.maximumRows {
            footer += "; showing the first \(Self.maximumRows), narrow with --node, --tag, --status or --type"
        }
        return Message(
            title: title,
            table: Table(headers: ["vmid", "name", "type", "node", "status", "cpu", "mem", "tags"], rows: Array(rows),
                         alignments: [.right, .left, .left, .left, .left, .right, .right, .left]),
            footer: footer)
    }
}
