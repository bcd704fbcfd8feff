import NexBoardCore
import Proxmox

/// `nodes`: every node with its state and usage.
struct NodesHandler: CommandHandler {
    let command = "nodes"

    func handle(_ context: CommandContext) async throws -> Message {
        let cluster = try context.cluster()
        async let resourcesRequest = cluster.client.clusterResources(type: nil)
        async let statusRequest = cluster.client.clusterStatus()
        let resources = try await resourcesRequest
        let status = try await statusRequest
        let nodes = resources.filter { $0.type == .node }.sorted { ($0.node ?? "") < ($1.node ?? "") }
        let guests = context.visibleGuests(in: resources, cluster: cluster.name)
        let rows = nodes.map { node -> [String] in
            let name = node.node ?? "?"
            let online = node.status == "online"
            let onNode = guests.filter { $0.node == name }
            return [
                name, node.status ?? "?",
                online ? Format.percent(node.cpu) : "–",
                online ? Format.percent(Format.ratio(node.mem, node.maxmem)) : "–",
                online ? Format.percent(Format.ratio(node.disk, node.maxdisk)) : "–",
                "\(onNode.filter { $0.resource.status == "running" }.count)/\(onNode.count)",
                online ? Format.uptime(node.uptime) : "–",
            ]
        }
        let quorum = status.first { $0.type.rawValue == "cluster" }
        let online = nodes.filter { $0.status == "online" }.count
        return Message(
            title: "Nodes of \(cluster.name)",
            text: quorum.map { "Cluster \($0.name): " + ($0.quorate == false ? "**not quorate**" : "quorate") },
            table: Table(headers: ["node", "status", "cpu", "mem", "root", "guests", "uptime"], rows: rows,
                         alignments: [.left, .left, .right, .right, .right, .right, .left]),
            buttons: [Button("Guests", command: "vm list"), Button("Tasks", command: "tasks")],
            footer: "\(online) of \(nodes.count) online",
            severity: online == nodes.count ? .success : .warning)
    }
}
